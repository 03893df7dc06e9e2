import { Module } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR } from '@nestjs/core';
import { DatabaseModule, GenerationModule, InsightsCacheModule, insightsQueueFor, PlatformConfigModule } from '@insights/platform';
import { RedisModule } from './redis/redis.module.js';
import { AuthModule } from './auth/auth.module.js';
import { HealthModule } from './health/health.module.js';
import { ProjectsModule } from './projects/projects.module.js';
import { FeedbackModule } from './feedback/feedback.module.js';
import { InsightsModule } from './insights/insights.module.js';
import { MetricsModule } from './metrics/metrics.module.js';
import { ThemeAlertsModule } from './theme-alerts/theme-alerts.module.js';
import { HttpExceptionFilter } from './common/http-exception.filter.js';
import { EnvelopeInterceptor } from './common/envelope.interceptor.js';

@Module({
  imports: [
    PlatformConfigModule.forRoot(),
    DatabaseModule,
    RedisModule,
    // The API only adds and inspects jobs, on a connection that fails fast while Redis is down.
    insightsQueueFor('producer'),
    InsightsCacheModule,
    GenerationModule,
    MetricsModule,
    AuthModule,
    HealthModule,
    ProjectsModule,
    FeedbackModule,
    InsightsModule,
    ThemeAlertsModule,
  ],
  providers: [
    { provide: APP_FILTER, useClass: HttpExceptionFilter },
    { provide: APP_INTERCEPTOR, useClass: EnvelopeInterceptor },
  ],
})
export class AppModule {}
