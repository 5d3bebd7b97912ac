/** The web app as a phone would get it: a production build in dist/web (the benches measure that, not a dev bundle). */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureWebAppBuilt } from '#test/e2e/harness';

const webAssets = fileURLToPath(new URL('../../dist/web/assets/', import.meta.url));

/**
 * A production build of the web app. The browser tests build it from inside Vitest, which sets
 * NODE_ENV=test, and that bundles React's development build (several times slower to render):
 * rebuild when dist/web holds one.
 */
export function ensureProductionBuild(): void {
  ensureWebAppBuilt();
  const dev = fs
    .readdirSync(webAssets)
    .some((f) => f.endsWith('.js') && fs.readFileSync(path.join(webAssets, f), 'utf8').includes('jsxDEV'));
  if (!dev) return;
  console.log('dist/web holds a development build of React: rebuilding for production…');
  execFileSync('flock', ['/tmp/hearth-web-build.lock', 'npx', 'vite', 'build', '--logLevel', 'warn'], {
    cwd: fileURLToPath(new URL('../../', import.meta.url)),
    stdio: 'inherit',
    timeout: 120_000,
    env: { ...process.env, NODE_ENV: 'production' },
  });
}
