import { Module } from '@nestjs/common';
import { ProjectsModule } from '../projects/projects.module.js';
import { InsightsController } from './insights.controller.js';
import { InsightsJobsService } from './insights-jobs.service.js';
import { InsightsReadService } from './insights-read.service.js';
import { LegacyInsightsService } from './legacy-insights.service.js';
import { ScopeIdentityService } from './scope-identity.service.js';

/** The insights HTTP layer; generation, identity, cache and queue come from the platform. */
@Module({
  imports: [ProjectsModule],
  controllers: [InsightsController],
  providers: [ScopeIdentityService, InsightsJobsService, InsightsReadService, LegacyInsightsService],
})
export class InsightsModule {}
