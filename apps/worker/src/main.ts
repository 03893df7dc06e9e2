import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigError, loadConfig, logLevels } from '@insights/config';
import { InsightsGenerator } from '@insights/generation';
import { WorkerHttpPortTaken } from './metrics/worker-http.server.js';
import { WorkerModule } from './worker.module.js';

let config;
try {
  config = loadConfig(undefined, { verifiesTokens: false });
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exit(1);
}

// A taken port is an operator's setting, not a bug: one line naming it, no stack trace.
const app = await NestFactory.createApplicationContext(WorkerModule, { logger: logLevels(config.logLevel) }).catch((error: unknown) => {
  if (!(error instanceof WorkerHttpPortTaken)) throw error;
  console.error(error.message);
  process.exit(1);
});
const logger = new Logger('Worker');
logger.log(`started; insights provider: ${app.get(InsightsGenerator).describe()}`);

// Nest's own shutdown hooks re-raise the signal after closing, which ends the process with a
// signal status; an orchestrator expects a clean exit 0 after a graceful stop.
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    logger.log(`${signal}: no new jobs; finishing or handing back active ones`);
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error(error);
        process.exit(1);
      },
    );
  });
}
