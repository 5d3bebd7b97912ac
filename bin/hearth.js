#!/usr/bin/env node
// The `hearth` command. The TypeScript sources are built into dist/ by `npm install` (prepare).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = fileURLToPath(new URL('../dist/server/cli.js', import.meta.url));
if (!existsSync(entry)) {
  console.error('Hearth is not built yet. Run `npm install` (or `npm run build`) first.');
  process.exit(1);
}
await import(entry);
