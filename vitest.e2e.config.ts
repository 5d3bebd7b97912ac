/** Browser tests: real Chromium (Debian's /usr/bin/chromium) driven by playwright-core. */
import { defineConfig } from 'vitest/config';
import { importAliases } from './vite.paths.ts';

export default defineConfig({
  resolve: { alias: importAliases },
  test: {
    include: ['test/e2e/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
