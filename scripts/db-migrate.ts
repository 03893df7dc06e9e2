import { ensureDatabase, MigrationError, runMigrations } from '@insights/db';
import { scriptConfig } from './lib/config.js';
import { redact, requireServices } from './lib/services.js';

const config = scriptConfig();
await requireServices([{ name: 'PostgreSQL', url: config.database.url, defaultPort: 5432 }]);
if (await ensureDatabase(config.database.url)) console.log(`created database ${redact(config.database.url)}`);
try {
  await runMigrations(config.database.url);
} catch (error) {
  if (!(error instanceof MigrationError)) throw error;
  // One line an operator can act on; the transaction was rolled back, so nothing is half-applied.
  console.error(error.message);
  process.exit(1);
}
console.log('migrations applied');
