import { Global, Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { loadConfig, type AppConfig } from '@insights/config';

/** Injection token for the validated, typed configuration. */
export const APP_CONFIG = Symbol('APP_CONFIG');

@Global()
@Module({
  imports: [
    // `.env` is read by loadConfig itself so scripts and both apps share one loader.
    ConfigModule.forRoot({ ignoreEnvFile: true, load: [() => ({ app: loadConfig() })] }),
  ],
  providers: [
    {
      provide: APP_CONFIG,
      useFactory: (config: ConfigService): AppConfig => config.getOrThrow<AppConfig>('app'),
      inject: [ConfigService],
    },
  ],
  exports: [APP_CONFIG],
})
export class AppConfigModule {}
