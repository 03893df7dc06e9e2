import { type DynamicModule, Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { loadConfig, type AppConfig } from '@insights/config';

/** The one injection token of the validated, typed configuration, in both apps. */
export const APP_CONFIG = Symbol('APP_CONFIG');

@Module({})
export class PlatformConfigModule {
  /**
   * Loads and validates the configuration once per process. `verifiesTokens: false` is for a
   * process that never sees a session token (the worker), so it needs no Clerk key.
   */
  static forRoot(options: { verifiesTokens?: boolean } = {}): DynamicModule {
    return {
      module: PlatformConfigModule,
      global: true,
      imports: [
        // `.env` is read by loadConfig itself, so the scripts and both apps share one loader.
        ConfigModule.forRoot({ ignoreEnvFile: true, load: [() => ({ app: loadConfig(undefined, { verifiesTokens: options.verifiesTokens ?? true }) })] }),
      ],
      providers: [{ provide: APP_CONFIG, useFactory: (config: ConfigService): AppConfig => config.getOrThrow<AppConfig>('app'), inject: [ConfigService] }],
      exports: [APP_CONFIG],
    };
  }
}
