/**
 * Builds the server and the `hearth` command into dist/server as plain Node ESM. Dependencies
 * stay external (node_modules); only our own modules and the `#…` aliases are bundled.
 */
import { defineConfig } from 'vite';
import { builtinModules } from 'node:module';
import { readFileSync } from 'node:fs';
import { importAliases } from './vite.paths.ts';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
const external = [...builtinModules, ...builtinModules.map((m) => `node:${m}`), ...Object.keys(pkg.dependencies)];

export default defineConfig({
  resolve: { alias: importAliases },
  build: {
    ssr: true,
    outDir: 'dist/server',
    emptyOutDir: true,
    target: 'node20',
    sourcemap: true,
    minify: false,
    rollupOptions: {
      input: { cli: 'cli/main.ts' },
      external: (id) => external.some((dep) => id === dep || id.startsWith(`${dep}/`)),
      // One file: the server finds its files (the password list, dist/web) relative to itself, so no
      // part of it may land in a chunk one directory deeper.
      output: { format: 'es', entryFileNames: '[name].js', inlineDynamicImports: true },
    },
  },
});
