import { Module } from '@nestjs/common';
import type { AppConfig } from '@insights/config';
import type { DatabaseHandle } from '@insights/db';
import { InsightsGenerator } from '@insights/generation';
import { APP_CONFIG } from '../config/config.module.js';
import { DATABASE } from '../database/database.module.js';
import { ProjectsModule } from '../projects/projects.module.js';
import { InsightsController } from './insights.controller.js';
import { InsightsJobsService } from './insights-jobs.service.js';
import { InsightsReadService } from './insights-read.service.js';
import { LegacyInsightsService } from './legacy-insights.service.js';
import { ScopeIdentityService } from './scope-identity.service.js';

@Module({
  imports: [ProjectsModule],
  controllers: [InsightsController],
  providers: [
    ScopeIdentityService,
    InsightsJobsService,
    InsightsReadService,
    LegacyInsightsService,
    {
      provide: InsightsGenerator,
      useFactory: (handle: DatabaseHandle, config: AppConfig) => new InsightsGenerator(handle.db, config),
      inject: [DATABASE, APP_CONFIG],
    },
  ],
})
export class InsightsModule {}
