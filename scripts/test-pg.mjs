// Runs the database-backed test suite against PostgreSQL. TEST_DATABASE_URL names a server where
// each test file creates (and drops) its own database. Without it, and outside CI, the suite is
// skipped with a message; in CI a missing server is a failure.
import { spawnSync } from 'node:child_process';
import pg from 'pg';

const url = process.env.TEST_DATABASE_URL;
if (!url) {
  const msg =
    'TEST_DATABASE_URL 未设置：跳过 PostgreSQL 测试 (PostgreSQL suite skipped: set TEST_DATABASE_URL)';
  if (process.env.CI) {
    console.error(msg);
    process.exit(1);
  }
  console.log(msg);
  process.exit(0);
}
try {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  await c.connect();
  const { rows } = await c.query('show server_version');
  console.log(`PostgreSQL ${rows[0].server_version} at ${new URL(url).host}`);
  await c.end();
} catch (e) {
  const msg = `无法连接 PostgreSQL（${e.message}）：跳过 PostgreSQL 测试`;
  if (process.env.CI) {
    console.error(msg);
    process.exit(1);
  }
  console.log(msg);
  process.exit(0);
}
const r = spawnSync(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: process.env,
});
process.exit(r.status ?? 1);
