import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import type { AppConfig } from '@insights/config';
import { createDatabase, InsightsCacheRepository, InsightsJobsRepository, ProjectsRepository, type DatabaseHandle } from '@insights/db';
import { WORKER_CONFIG } from '../config/worker-config.module.js';

export const DATABASE = Symbol('DATABASE');

@Global()
@Module({
  providers: [
    {
      provide: DATABASE,
      useFactory: (config: AppConfig) => createDatabase(config.database.url, config.database.poolMax),
      inject: [WORKER_CONFIG],
    },
    { provide: InsightsJobsRepository, useFactory: (h: DatabaseHandle) => new InsightsJobsRepository(h.db), inject: [DATABASE] },
    { provide: InsightsCacheRepository, useFactory: (h: DatabaseHandle) => new InsightsCacheRepository(h.db), inject: [DATABASE] },
    { provide: ProjectsRepository, useFactory: (h: DatabaseHandle) => new ProjectsRepository(h.db), inject: [DATABASE] },
  ],
  exports: [DATABASE, InsightsJobsRepository, InsightsCacheRepository, ProjectsRepository],
})
export class WorkerDatabaseModule implements OnApplicationShutdown {
  constructor(@Inject(DATABASE) private readonly handle: DatabaseHandle) {}

  async onApplicationShutdown(): Promise<void> {
    await this.handle.close();
  }
}
