/**
 * `hearth doctor` against real setups: a good one (exit 0), and broken ones — a model server
 * down, a data dir open to everyone, a bad variable, a damaged or out-of-date database, the
 * port taken by another program — each failing with its fix in plain words.
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runWith } from '#cli/test-support';
import { loadConfig } from '#server/config';
import { startServer, type RunningServer } from '#server/main';
import { startFakeModelServer, type FakeModelServer } from '#test/fakes/fake-model-server';
import { createTestApp } from '#test/helpers';

let fake: FakeModelServer;
let dataDir: string;
let server: RunningServer | null = null;
beforeAll(async () => {
  fake = await startFakeModelServer();
});
afterAll(() => fake.close());
beforeEach(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-doctor-'));
  const t = await createTestApp({ HEARTH_DATA_DIR: dataDir });
  await t.close();
});
afterEach(async () => {
  await server?.close();
  server = null;
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** A port nothing listens on right now. */
async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

const doctor = async (env: Record<string, string> = {}, json = false) =>
  runWith(
    {
      HEARTH_DATA_DIR: dataDir,
      HEARTH_HOST: '127.0.0.1',
      HEARTH_PORT: String(await freePort()),
      HEARTH_MODEL_SERVERS: `openai=${fake.openaiBaseUrl}`,
      ...env,
    },
    json ? ['doctor', '--json'] : ['doctor'],
  );

type Report = { ok: boolean; findings: { check: string; ok: boolean; detail: string; fix?: string }[] };

describe('hearth doctor', () => {
  it('passes a good setup with exit code 0, timing a one-token reply', async () => {
    const res = await doctor();
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    const lines = res.stdout.trimEnd().split('\n');
    expect(lines.filter((l) => l.startsWith('✓'))).toHaveLength(5);
    expect(lines.some((l) => l.startsWith('✗'))).toBe(false);
    expect(res.stdout).toMatch(
      /✓ Model server .*: \d+ model\(s\): .*; a one-token reply from .*: first token after \d+ ms/,
    );
    expect(res.stdout).toMatch(/✓ Database .*: passes the integrity check; its layout is up to date/);
    expect(res.stdout).toContain('All checks passed.');
    // The test reply asked for one token and the connection was closed after it.
    const request = fake.chatRequests().at(-1)!;
    expect(request.body).toMatchObject({ max_tokens: 1 });
  });

  it('passes when the port is taken by this Hearth, running', async () => {
    const port = await freePort();
    const env = {
      HEARTH_DATA_DIR: dataDir,
      HEARTH_HOST: '127.0.0.1',
      HEARTH_PORT: String(port),
      HEARTH_MODEL_SERVERS: `openai=${fake.openaiBaseUrl}`,
    };
    server = await startServer(loadConfig(env), { quiet: true });
    const res = await doctor({ HEARTH_PORT: String(port) });
    expect(res.code).toBe(0);
    expect(res.stdout).toContain(`✓ Port ${port} on 127.0.0.1: is in use by this Hearth, which is running`);
  });

  it('fails a broken setup with each fix: model server down, data dir open to all, port taken', async () => {
    fs.chmodSync(dataDir, 0o755);
    const squatter = net.createServer();
    const port = await freePort();
    await new Promise<void>((resolve) => squatter.listen(port, '127.0.0.1', resolve));
    try {
      const res = await doctor({
        HEARTH_MODEL_SERVERS: `ollama=http://127.0.0.1:${await freePort()}`,
        HEARTH_PORT: String(port),
      });
      expect(res.code).toBe(1);
      expect(res.stderr).toBe('');
      expect(res.stdout).toMatch(/✗ Data dir .*: can be read by every user of this machine \(mode 755\)/);
      expect(res.stdout).toContain(`    Fix: Close it to others: chmod o-rwx ${dataDir}`);
      expect(res.stdout).toMatch(
        /✗ Model server Ollama on this computer \(http:\/\/127\.0\.0\.1:\d+\): does not answer: /,
      );
      expect(res.stdout).toContain(
        "    Fix: Start the model server (LM Studio's server, or `ollama serve`), or correct its address in HEARTH_MODEL_SERVERS.",
      );
      expect(res.stdout).toContain(`✗ Port ${port} on 127.0.0.1: is in use by another program.`);
      expect(res.stdout).toContain('or choose another port with HEARTH_PORT');
      expect(res.stdout).toContain('3 check(s) failed: see the fixes above.');
      const json = await doctor({ HEARTH_MODEL_SERVERS: `ollama=http://127.0.0.1:${await freePort()}` }, true);
      expect(json.code).toBe(1);
      const report = JSON.parse(json.stdout) as Report;
      expect(report.ok).toBe(false);
      expect(report.findings.filter((f) => !f.ok).map((f) => f.check.split(' ')[0])).toEqual(['Data', 'Model']);
      expect(report.findings.every((f) => f.ok || (f.fix ?? '').length > 10)).toBe(true);
    } finally {
      await new Promise((resolve) => squatter.close(resolve));
    }
  });

  it('names a bad variable in plain words and checks nothing that needs it', async () => {
    const res = await doctor({ HEARTH_PORT: 'eighty' });
    expect(res.code).toBe(1);
    expect(res.stdout).toMatch(/^✗ Configuration: HEARTH_PORT: HEARTH_PORT is set to something Hearth cannot use/);
    expect(res.stdout).toContain('or remove it to use the default');
    expect(res.stdout).not.toContain('Data dir');
  });

  it('fails a database with a migration missing, and a damaged one', async () => {
    const file = path.join(dataDir, 'hearth.sqlite');
    const db = new SQLite(file);
    db.prepare('DELETE FROM kysely_migration WHERE name = (SELECT max(name) FROM kysely_migration)').run();
    db.close();
    const pending = await doctor();
    expect(pending.code).toBe(1);
    expect(pending.stdout).toMatch(/✗ Database .*: is sound, but 1 update\(s\) of its layout are not applied yet/);
    expect(pending.stdout).toContain('then start Hearth: it applies them at start');

    const bytes = fs.readFileSync(file);
    bytes.fill(0x33, 4096 * 2, 4096 * 8);
    fs.writeFileSync(file, bytes);
    fs.rmSync(`${file}-wal`, { force: true });
    fs.rmSync(`${file}-shm`, { force: true });
    const damaged = await doctor();
    expect(damaged.code).toBe(1);
    expect(damaged.stdout).toMatch(/✗ Database .*: (is damaged|cannot be opened)/);
    expect(damaged.stdout).toContain('restore the latest backup (hearth restore <file>)');
  });
});
