import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ConfigError, loadConfig, logLevels } from '@insights/config';
import { AppModule } from './app.module.js';
import { InsightsGenerator } from '@insights/generation';
import { configureApp, createAdapter } from './bootstrap.js';

// Checked before Nest starts so a bad variable prints one line per problem, not a stack trace.
let config;
try {
  config = loadConfig();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exit(1);
}

const app = await NestFactory.create<NestFastifyApplication>(AppModule, createAdapter(config.http.trustProxy), {
  logger: logLevels(config.logLevel),
});
await configureApp(app);
await app.listen(config.http.port, config.http.host);
const url = await app.getUrl();
const logger = new Logger('Api');
logger.log(`listening on ${url}/api (docs ${config.http.swagger.enabled ? `${url}/api/docs` : 'disabled'})`);
logger.log(`insights provider: ${app.get(InsightsGenerator).describe()}`);
