import { ensureDatabase, runMigrations } from '@insights/db';
import { scriptConfig } from './lib/config.js';
import { redact, requireServices } from './lib/services.js';

const config = scriptConfig();
await requireServices([{ name: 'PostgreSQL', url: config.database.url, defaultPort: 5432 }]);
if (await ensureDatabase(config.database.url)) console.log(`created database ${redact(config.database.url)}`);
await runMigrations(config.database.url);
console.log('migrations applied');
