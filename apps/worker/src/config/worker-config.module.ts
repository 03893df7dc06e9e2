import { Global, Module } from '@nestjs/common';
import { loadConfig } from '@insights/config';

export const WORKER_CONFIG = Symbol('WORKER_CONFIG');

@Global()
@Module({
  providers: [{ provide: WORKER_CONFIG, useFactory: () => loadConfig(undefined, { verifiesTokens: false }) }],
  exports: [WORKER_CONFIG],
})
export class WorkerConfigModule {}
