/** Building the terminal client's bundle for the tests and the start-up benchmark. */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const repoRoot = path.resolve(import.meta.dirname, '../..');

/** Builds dist/client when it is missing or older than its sources (cli/, common/). */
export function ensureCliBuilt(): void {
  const newest = (dir: string): number => {
    let t = 0;
    for (const e of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
      if (e.isFile() && e.name.endsWith('.ts')) t = Math.max(t, fs.statSync(path.join(e.parentPath, e.name)).mtimeMs);
    }
    return t;
  };
  const built = (f: string) => (fs.existsSync(f) ? fs.statSync(f).mtimeMs : 0);
  const sources = Math.max(newest(path.join(repoRoot, 'cli')), newest(path.join(repoRoot, 'common')));
  const client = path.join(repoRoot, 'dist/client/cli.js');
  if (built(client) < sources) {
    execFileSync(
      'flock',
      [
        '/tmp/hearth-client-build.lock',
        'npx',
        'vite',
        'build',
        '--config',
        'vite.client.config.ts',
        '--logLevel',
        'warn',
      ],
      {
        cwd: repoRoot,
        stdio: 'inherit',
        timeout: 120_000,
      },
    );
  }
}
