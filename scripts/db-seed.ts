import { parseArgs } from 'node:util';
import { createDatabase, hashApiKey, newApiKey } from '@insights/db';
import { seedDemo } from '@insights/testkit';
import { scriptConfig } from './lib/config.js';
import { requireServices } from './lib/services.js';

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '2000' },
    seed: { type: 'string', default: '42' },
  },
});
const count = Number(values.count);
const seed = Number(values.seed);
if (!Number.isInteger(count) || count < 0 || count > 5_000_000) {
  console.error('--count must be a whole number from 0 to 5,000,000');
  process.exit(1);
}
if (!Number.isInteger(seed)) {
  console.error('--seed must be a whole number');
  process.exit(1);
}

const config = scriptConfig();
await requireServices([{ name: 'PostgreSQL', url: config.database.url, defaultPort: 5432 }]);
const handle = createDatabase(config.database.url);
const apiKey = newApiKey();
const started = Date.now();
try {
  const result = await seedDemo(handle.db, {
    count,
    seed,
    hashedApiKey: hashApiKey(apiKey),
  });
  console.log(`seeded ${result.inserted} feedback entries into the demo project in ${Date.now() - started} ms`);
  console.log(`  project id: ${result.projectId}`);
  console.log(`  widget API key (shown once): ${apiKey}`);
  console.log('  token for the demo user: pnpm token');
} finally {
  await handle.close();
}
