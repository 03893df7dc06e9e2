import { Module } from '@nestjs/common';
import { WorkerConfigModule } from './config/worker-config.module.js';

/** The worker process: a Nest application context with no HTTP server; it only processes jobs. */
@Module({ imports: [WorkerConfigModule] })
export class WorkerModule {}
