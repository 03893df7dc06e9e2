export { APP_CONFIG, PlatformConfigModule } from './config.module.js';
export { DATABASE, DatabaseModule } from './database.module.js';
export { InsightsCacheModule } from './cache.module.js';
export { GenerationModule, jobLauncherProvider, USER_TOKEN_BUDGET } from './generation.module.js';
export { insightsQueueFor } from './queue.module.js';
export { basicAuthMatcher } from './basic-auth.js';
export * from './egress/index.js';
