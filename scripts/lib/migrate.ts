import { ensureDatabase, MigrationError, runMigrations } from '@insights/db';
import { redact } from './services.js';

/**
 * Creates the database when missing and applies the migrations. A migration that fails is
 * reported as one line an operator can act on (file, statement, reason) and the process exits
 * 1; the migrations run in one transaction, so nothing is half-applied.
 */
export async function migrateOrExit(url: string): Promise<void> {
  if (await ensureDatabase(url)) console.log(`created database ${redact(url)}`);
  try {
    await runMigrations(url);
  } catch (error) {
    if (!(error instanceof MigrationError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}
