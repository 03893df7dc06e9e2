import { defineConfig } from 'drizzle-kit';

// Generation only needs the schema; migrations are applied by `pnpm db:migrate`, into their own
// table so that they never mix with the journal of the backend whose database this adopts.
export default defineConfig({
  dialect: 'postgresql',
  schema: './packages/db/src/schema.ts',
  out: './drizzle',
  migrations: { table: '__insights_migrations', schema: 'drizzle' },
});
