import { ConfigError, loadConfig, type AppConfig } from '@insights/config';

/** Loads the configuration for a command-line script, printing problems without a stack trace. */
export function scriptConfig(): AppConfig {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}
