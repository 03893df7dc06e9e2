import { Global, Inject, Module, type OnApplicationShutdown, type Type } from '@nestjs/common';
import type { AppConfig } from '@insights/config';
import {
  createDatabase,
  FeedbackRepository,
  FeedbackSearchRepository,
  InsightsCacheRepository,
  InsightsJobsRepository,
  JobViewsRepository,
  ProjectsRepository,
  ThemeAssignmentsRepository,
  ThemeAlertsRepository,
  ThemeEditsRepository,
  UsersRepository,
  type Database,
  type DatabaseHandle,
} from '@insights/db';
import { APP_CONFIG } from './config.module.js';

export const DATABASE = Symbol('DATABASE');

const REPOSITORIES: Type<unknown>[] = [
  UsersRepository,
  ProjectsRepository,
  FeedbackRepository,
  FeedbackSearchRepository,
  InsightsJobsRepository,
  JobViewsRepository,
  InsightsCacheRepository,
  ThemeAssignmentsRepository,
  ThemeAlertsRepository,
  ThemeEditsRepository,
];

const repository = (Repo: Type<unknown>) => ({
  provide: Repo,
  useFactory: (handle: DatabaseHandle) => new (Repo as new (db: Database) => unknown)(handle.db),
  inject: [DATABASE],
});

/** The Postgres pool and the repositories over it; the pool closes with the application. */
@Global()
@Module({
  providers: [
    {
      provide: DATABASE,
      useFactory: (config: AppConfig) => createDatabase(config.database.url, config.database.poolMax),
      inject: [APP_CONFIG],
    },
    ...REPOSITORIES.map(repository),
  ],
  exports: [DATABASE, ...REPOSITORIES],
})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(@Inject(DATABASE) private readonly handle: DatabaseHandle) {}

  async onApplicationShutdown(): Promise<void> {
    await this.handle.close();
  }
}
