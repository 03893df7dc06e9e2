import { Global, Module } from '@nestjs/common';
import type { AppConfig } from '@insights/config';
import { FeedbackRepository, type DatabaseHandle } from '@insights/db';
import { InsightsGenerator, JobIdentity, JobSizer, TokenBudget } from '@insights/generation';
import { APP_CONFIG } from './config.module.js';
import { DATABASE } from './database.module.js';

/** One generation end to end, the daily token budget it draws on, job identity and size. */
@Global()
@Module({
  providers: [
    {
      provide: TokenBudget,
      useFactory: (handle: DatabaseHandle, config: AppConfig) => new TokenBudget(handle.db, config.limits.dailyTokenBudget),
      inject: [DATABASE, APP_CONFIG],
    },
    {
      provide: InsightsGenerator,
      useFactory: (handle: DatabaseHandle, config: AppConfig, budget: TokenBudget) => new InsightsGenerator(handle.db, config, budget),
      inject: [DATABASE, APP_CONFIG, TokenBudget],
    },
    { provide: JobIdentity, useFactory: (config: AppConfig) => new JobIdentity(config), inject: [APP_CONFIG] },
    {
      provide: JobSizer,
      useFactory: (feedback: FeedbackRepository, config: AppConfig) => new JobSizer(feedback, config.insights.largeJobMinFeedback),
      inject: [FeedbackRepository, APP_CONFIG],
    },
  ],
  exports: [TokenBudget, InsightsGenerator, JobIdentity, JobSizer],
})
export class GenerationModule {}
