import { Module } from '@nestjs/common';
import { ProjectsController } from './projects.controller.js';
import { ProjectGenerations } from './project-generations.service.js';
import { ProjectsService } from './projects.service.js';

@Module({ controllers: [ProjectsController], providers: [ProjectsService, ProjectGenerations], exports: [ProjectsService, ProjectGenerations] })
export class ProjectsModule {}
