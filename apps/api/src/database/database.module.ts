import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import type { AppConfig } from '@insights/config';
import {
  createDatabase,
  FeedbackRepository,
  InsightsJobsRepository,
  ProjectsRepository,
  UsersRepository,
  type DatabaseHandle,
} from '@insights/db';
import { APP_CONFIG } from '../config/config.module.js';

export const DATABASE = Symbol('DATABASE');

const repository = <T>(Repo: new (db: DatabaseHandle['db']) => T) => ({
  provide: Repo,
  useFactory: (handle: DatabaseHandle) => new Repo(handle.db),
  inject: [DATABASE],
});

@Global()
@Module({
  providers: [
    {
      provide: DATABASE,
      useFactory: (config: AppConfig) => createDatabase(config.database.url, config.database.poolMax),
      inject: [APP_CONFIG],
    },
    repository(UsersRepository),
    repository(ProjectsRepository),
    repository(FeedbackRepository),
    repository(InsightsJobsRepository),
  ],
  exports: [DATABASE, UsersRepository, ProjectsRepository, FeedbackRepository, InsightsJobsRepository],
})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(@Inject(DATABASE) private readonly handle: DatabaseHandle) {}

  async onApplicationShutdown(): Promise<void> {
    await this.handle.close();
  }
}
