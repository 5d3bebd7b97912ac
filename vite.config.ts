/**
 * Web app build (React SPA in web/, output dist/web) and the unit/integration test config.
 */
import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { importAliases } from './vite.paths.ts';
import { precompress } from './vite.precompress.ts';
import { serviceWorker } from './vite.service-worker.ts';
import { stripSchemaDescriptions } from './vite.strip-describe.ts';

export default defineConfig({
  root: 'web',
  plugins: [
    react(),
    serviceWorker(fileURLToPath(new URL('./web/service-worker.js', import.meta.url))),
    precompress(),
    stripSchemaDescriptions(),
  ],
  resolve: { alias: importAliases },
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
    // Nothing may load from another origin (CSP): keep every asset in the bundle's own files.
    assetsInlineLimit: 0,
  },
  server: { proxy: { '/api': { target: 'http://127.0.0.1:8000', ws: true } } },
  test: {
    root: '.',
    include: [
      'common/**/*.test.ts',
      'server/**/*.test.ts',
      'cli/**/*.test.ts',
      'web/src/**/*.test.{ts,tsx}',
      'test/**/*.test.ts',
    ],
    exclude: ['test/e2e/**', 'test/deploy/**', 'node_modules/**', 'dist/**'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
