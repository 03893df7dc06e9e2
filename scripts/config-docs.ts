import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderConfigurationDoc, renderEnvExample } from '@insights/config';

// Both files are made from the variable declarations (packages/config/src/variables.ts); a unit
// test fails when either differs from what they produce.
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
writeFileSync(join(root, '.env.example'), renderEnvExample());
writeFileSync(join(root, 'docs', 'configuration.md'), renderConfigurationDoc());
console.log('wrote .env.example and docs/configuration.md');
