import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ConfigError, type AppConfig } from '@insights/config';
import { AppModule } from './app.module.js';
import { configureApp, createAdapter } from './bootstrap.js';
import { APP_CONFIG } from './config/config.module.js';

try {
  const app = await NestFactory.create<NestFastifyApplication>(AppModule, createAdapter(), {
    bufferLogs: false,
    abortOnError: false,
  });
  configureApp(app);
  const config = app.get<AppConfig>(APP_CONFIG);
  app.useLogger(
    (['fatal', 'error', 'warn', 'log', 'debug', 'verbose'] as const).slice(
      0,
      ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'].indexOf(config.logLevel) + 1,
    ),
  );
  await app.listen(config.http.port, config.http.host);
  const url = (await app.getUrl()).replace('[::1]', 'localhost');
  new Logger('Api').log(`listening on ${url}/api (docs ${config.http.swagger.enabled ? `${url}/api/docs` : 'disabled'})`);
} catch (error) {
  const config = findConfigError(error);
  if (config) {
    console.error(config.message);
    process.exit(1);
  }
  throw error;
}

function findConfigError(error: unknown): ConfigError | undefined {
  for (let e = error as { cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    if (e instanceof ConfigError) return e;
  }
  return undefined;
}
