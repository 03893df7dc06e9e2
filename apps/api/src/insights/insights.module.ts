import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { RefreshModule } from '../refresh/refresh.module.js';
import { ProjectsModule } from '../projects/projects.module.js';
import { AskController } from './ask/ask.controller.js';
import { AskService } from './ask/ask.service.js';
import { BatchController } from './batch/batch.controller.js';
import { BatchService } from './batch/batch.service.js';
import { CachedReadFastPath } from './cached-read.fast-path.js';
import { CompletedJobBodies, CompletedJobFastPath } from './completed-job.fast-path.js';
import { InsightsController } from './insights.controller.js';
import { JobEventsController } from './events/job-events.controller.js';
import { JobStreamService } from './events/job-stream.service.js';
import { StreamSlotsService } from './events/stream-slots.service.js';
import { InsightsJobsService } from './insights-jobs.service.js';
import { InsightsReadService } from './insights-read.service.js';
import { LegacyInsightsService } from './legacy-insights.service.js';
import { ScopeIdentityService } from './scope-identity.service.js';
import { ThemesController } from '../themes/themes.controller.js';
import { ThemesService } from '../themes/themes.service.js';

/** The insights HTTP layer (with the project's taxonomy, which edits what it serves); generation, identity, cache and queue come from the platform. */
@Module({
  imports: [ProjectsModule, AuthModule, RefreshModule],
  controllers: [InsightsController, AskController, JobEventsController, BatchController, ThemesController],
  providers: [
    AskService,
    CachedReadFastPath,
    CompletedJobBodies,
    CompletedJobFastPath,
    BatchService,
    ScopeIdentityService,
    InsightsJobsService,
    InsightsReadService,
    LegacyInsightsService,
    JobStreamService,
    StreamSlotsService,
    ThemesService,
  ],
  exports: [CachedReadFastPath, CompletedJobFastPath],
})
export class InsightsModule {}
