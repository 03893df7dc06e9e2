import { Module } from '@nestjs/common';
import { LlmCallsRepository, ProjectPurgesRepository, type DatabaseHandle } from '@insights/db';
import { DATABASE } from '@insights/platform';
import { ProjectsController } from './projects.controller.js';
import { ProjectGenerations } from './project-generations.service.js';
import { ProjectNotices } from './project-notices.service.js';
import { ProjectPurger } from './project-purger.service.js';
import { ProjectsService } from './projects.service.js';
import { ProjectUsageService } from './project-usage.service.js';

@Module({
  controllers: [ProjectsController],
  providers: [
    ProjectsService,
    ProjectNotices,
    ProjectGenerations,
    ProjectPurger,
    ProjectUsageService,
    { provide: LlmCallsRepository, useFactory: (handle: DatabaseHandle) => new LlmCallsRepository(handle.db), inject: [DATABASE] },
    { provide: ProjectPurgesRepository, useFactory: (handle: DatabaseHandle) => new ProjectPurgesRepository(handle.db), inject: [DATABASE] },
  ],
  exports: [ProjectsService, ProjectGenerations, ProjectNotices],
})
export class ProjectsModule {}
