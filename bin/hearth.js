#!/usr/bin/env node
// The `hearth` command. The TypeScript sources are built into dist/ by `npm install` (prepare).
// The terminal client's commands have their own small bundle (no server code): it starts faster.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const CLIENT_COMMANDS = new Set(['login', 'logout', 'chat', 'ask']);
const client = CLIENT_COMMANDS.has(process.argv[2] ?? '');
const entry = fileURLToPath(new URL(client ? '../dist/client/cli.js' : '../dist/server/cli.js', import.meta.url));
if (!existsSync(entry)) {
  console.error('Hearth is not built yet. Run `npm install` (or `npm run build`) first.');
  process.exit(1);
}
await import(entry);
