import { ConfigError, loadConfig, readEnv, renderEffectiveConfig } from '@insights/config';

// The configuration a process would start with: the API's by default, the worker's with --worker
// (which verifies no tokens, so production asks less of it).
const worker = process.argv.includes('--worker');
try {
  process.stdout.write(renderEffectiveConfig(loadConfig(readEnv(), { verifiesTokens: !worker })));
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exit(1);
}
