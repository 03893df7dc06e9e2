import { scriptConfig } from './lib/config.js';
import { migrateOrExit } from './lib/migrate.js';
import { requireServices } from './lib/services.js';

const config = scriptConfig();
await requireServices([{ name: 'PostgreSQL', url: config.database.url, defaultPort: 5432 }]);
await migrateOrExit(config.database.url);
console.log('migrations applied');
