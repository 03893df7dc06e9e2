import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigError, loadConfig, logLevels } from '@insights/config';
import { WorkerModule } from './worker.module.js';

let config;
try {
  config = loadConfig();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exit(1);
}

const app = await NestFactory.createApplicationContext(WorkerModule, { logger: logLevels(config.logLevel) });
app.enableShutdownHooks();
new Logger('Worker').log(`started; insights provider: ${config.insights.provider}`);
