import { defineConfig } from 'drizzle-kit';

// Generation only needs the schema; migrations are applied by `pnpm db:migrate`.
export default defineConfig({
  dialect: 'postgresql',
  schema: './packages/db/src/schema.ts',
  out: './drizzle',
});
