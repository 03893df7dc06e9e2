import { Module } from '@nestjs/common';
import { DatabaseModule, GenerationModule, InsightsCacheModule, insightsQueueFor, PlatformConfigModule } from '@insights/platform';
import { AskQuestionHandler } from './insights/ask-question.handler.js';
import { AssignFeedbackHandler } from './insights/assign-feedback.handler.js';
import { GenerateInsightsHandler } from './insights/generate-insights.handler.js';
import { NotifyFailureHandler } from './insights/notify-failure.handler.js';
import { ReconcileJobsHandler } from './insights/reconcile-jobs.handler.js';
import { RefreshProjectHandler } from './insights/refresh-project.handler.js';
import { DigestHandler } from './insights/digest.handler.js';
import { ThemeAlertHandler } from './insights/theme-alert.handler.js';
import { ThemeAlertsService } from './insights/theme-alerts.service.js';
import { WebhookDelivery } from './insights/webhook-delivery.js';
import { WorkerHttpServer } from './metrics/worker-http.server.js';
import { WorkerMetrics } from './metrics/worker-metrics.service.js';
import { InsightsProcessor } from './queue/insights.processor.js';
import { insightsWorkerFactory } from './queue/insights-worker.factory.js';

/** The worker process: a Nest application context with no HTTP server; it only processes jobs. */
@Module({
  imports: [
    // It never sees a session token, so it needs no Clerk key.
    PlatformConfigModule.forRoot({ verifiesTokens: false }),
    DatabaseModule,
    InsightsCacheModule,
    GenerationModule,
    // Blocking connections that wait out a Redis restart instead of failing jobs.
    insightsQueueFor('worker'),
  ],
  providers: [
    GenerateInsightsHandler,
    ReconcileJobsHandler,
    NotifyFailureHandler,
    RefreshProjectHandler,
    AssignFeedbackHandler,
    AskQuestionHandler,
    WebhookDelivery,
    ThemeAlertsService,
    ThemeAlertHandler,
    DigestHandler,
    insightsWorkerFactory,
    InsightsProcessor,
    WorkerMetrics,
    WorkerHttpServer,
  ],
})
export class WorkerModule {}
