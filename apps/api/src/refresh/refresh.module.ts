import { Module } from '@nestjs/common';
import { AssignmentScheduler } from './assignment-scheduler.service.js';
import { RefreshScheduler } from './refresh-scheduler.service.js';

@Module({ providers: [RefreshScheduler, AssignmentScheduler], exports: [RefreshScheduler, AssignmentScheduler] })
export class RefreshModule {}
