import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { ProjectsModule } from '../projects/projects.module.js';
import { HealthController } from './health.controller.js';

@Module({ imports: [TerminusModule.forRoot({ logger: false }), ProjectsModule], controllers: [HealthController] })
export class HealthModule {}
