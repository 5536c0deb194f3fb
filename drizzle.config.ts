import { defineConfig } from 'drizzle-kit';

// Migrations are generated from the module schemas, read, and committed (`npm run db:generate`).
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/modules/*/schema.ts',
  out: './drizzle',
});
