import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/** Browser journeys: one real server and one Chromium per file, files one after another. */
export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  test: {
    include: ['test/e2e/**/*.e2e.ts'],
    // Starting the server loads the demo data into a fresh embedded database: minutes on a slow machine.
    hookTimeout: 300_000,
    testTimeout: 120_000,
    maxWorkers: 1,
    fileParallelism: false,
  },
});
