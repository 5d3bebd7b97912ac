/**
 * Builds the terminal client (`hearth login|logout|chat|ask`) into dist/client on its own: it
 * imports none of the server, so `hearth ask` starts without loading Fastify, SQLite and the
 * rest (bin/hearth.js picks this entry for those commands). Dependencies stay external.
 */
import { defineConfig } from 'vite';
import { builtinModules } from 'node:module';
import { readFileSync } from 'node:fs';
import { importAliases } from './vite.paths.ts';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as {
  dependencies: Record<string, string>;
};
const external = [...builtinModules, ...builtinModules.map((m) => `node:${m}`), ...Object.keys(pkg.dependencies)];

export default defineConfig({
  resolve: { alias: importAliases },
  build: {
    ssr: true,
    outDir: 'dist/client',
    emptyOutDir: true,
    target: 'node20',
    sourcemap: true,
    minify: false,
    rollupOptions: {
      input: { cli: 'cli/client/main.ts' },
      external: (id) => external.some((dep) => id === dep || id.startsWith(`${dep}/`)),
      // Each command's module in its own chunk, loaded when that command runs.
      output: { format: 'es', entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js' },
    },
  },
});
