/**
 * `hearth serve --memory`, run as the built command: a loud notice on stderr, a temporary data
 * dir that works like a real one and says so to the web app, removed when Hearth stops. And the
 * other side: a real database that cannot be opened stops Hearth with the reason, never a silent
 * fall-back to a throw-away one.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';

const children: ChildProcessWithoutNullStreams[] = [];
beforeAll(() => {
  if (!fs.existsSync('dist/server/cli.js')) throw new Error('dist/ is not built: run `npm run build` first');
});
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

/** Starts `hearth serve …`; `output()` is what it printed so far, `exited` its exit code. */
function serve(args: string[], env: Record<string, string>) {
  const child = spawn(process.execPath, ['bin/hearth.js', 'serve', ...args], {
    env: {
      PATH: process.env.PATH,
      HEARTH_HOST: '127.0.0.1',
      HEARTH_PORT: '0',
      HEARTH_PROBE_DEFAULT_SERVERS: '0',
      ...env,
    },
  });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, exited, output: () => ({ stdout, stderr }) };
}

/** Waits (generously: the machine is shared) until `check` returns something. */
async function until<T>(check: () => T | undefined | null, what: string, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = check();
    if (value !== undefined && value !== null) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('hearth serve --memory', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)(
    'announces itself, works, tells the web app, and is gone after %s',
    async (signal) => {
      const realDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-real-'));
      try {
        const hearth = serve(['--memory'], { HEARTH_DATA_DIR: realDir });
        const url = await until(() => /http:\/\/127\.0\.0\.1:\d+/.exec(hearth.output().stdout)?.[0], 'the address');
        const { stderr } = hearth.output();
        expect(stderr).toContain('THROW-AWAY MODE (hearth serve --memory)');
        expect(stderr).toContain('DELETED when Hearth stops');
        const dir = /live in (\S+)/.exec(stderr)![1]!;
        expect(dir.startsWith(path.join(os.tmpdir(), 'hearth-memory-'))).toBe(true);
        expect(fs.existsSync(path.join(dir, 'hearth.sqlite'))).toBe(true);
        expect(fs.existsSync(path.join(dir, 'admin.sock'))).toBe(true);
        // The real data dir is not touched.
        expect(fs.readdirSync(realDir)).toEqual([]);

        const status = (await (await fetch(`${url}/api/setup`)).json()) as { needed: boolean; memory: boolean };
        expect(status).toEqual({ needed: true, memory: true });
        const schema = (await (await fetch(`${url}/api/docs/json`)).json()) as {
          components?: unknown;
          paths: Record<string, unknown>;
        };
        expect(JSON.stringify(schema.paths['/api/setup'])).toContain('Throw-away mode');

        hearth.child.kill(signal);
        expect(await hearth.exited).toBe(0);
        expect(fs.existsSync(dir)).toBe(false);
      } finally {
        fs.rmSync(realDir, { recursive: true, force: true });
      }
    },
    60_000,
  );

  it('a database that cannot be opened stops Hearth with the reason; it never falls back', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-broken-'));
    try {
      fs.writeFileSync(
        path.join(dataDir, 'hearth.sqlite'),
        'this is not a database, it is a shopping list '.repeat(100),
      );
      const before = fs.readdirSync(os.tmpdir()).filter((n) => n.startsWith('hearth-memory-')).length;
      const hearth = serve([], { HEARTH_DATA_DIR: dataDir });
      expect(await hearth.exited).toBe(1);
      const { stdout, stderr } = hearth.output();
      expect(stderr).toMatch(/^hearth: Hearth cannot open its database \(.*hearth\.sqlite\): .*It did not start\./);
      expect(stderr).not.toContain('THROW-AWAY');
      expect(stdout).not.toContain('Hearth is running');
      expect(fs.readdirSync(os.tmpdir()).filter((n) => n.startsWith('hearth-memory-')).length).toBeLessThanOrEqual(
        before,
      );
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
