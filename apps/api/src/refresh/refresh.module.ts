import { Module } from '@nestjs/common';
import { RefreshScheduler } from './refresh-scheduler.service.js';

@Module({ providers: [RefreshScheduler], exports: [RefreshScheduler] })
export class RefreshModule {}
