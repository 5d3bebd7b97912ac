/**
 * deploy/hearth-backup.sh, as hearth-backup.service runs it with the built `hearth` command:
 * one new archive per run, checked, and only the newest seven kept.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createTestApp, createUser } from '#test/helpers';

let root: string;
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-timer-'));
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

it('adds a checked archive and keeps the newest seven', async () => {
  if (!fs.existsSync('dist/server/cli.js')) throw new Error('dist/ is not built: run `npm run build` first');
  const dataDir = path.join(root, 'data');
  const t = await createTestApp({ HEARTH_DATA_DIR: dataDir });
  await createUser(t.app, { username: 'mum', role: 'admin' });
  await t.close();
  const backups = path.join(root, 'backups');
  fs.mkdirSync(backups);
  // Nine older archives (by their names) and a file that is not one of them.
  const old = Array.from({ length: 9 }, (_, i) => `hearth-2025010${i + 1}T030000Z.zip`);
  for (const name of old) fs.writeFileSync(path.join(backups, name), 'old');
  fs.writeFileSync(path.join(backups, 'notes.txt'), 'keep me');

  const run = spawnSync('sh', ['deploy/hearth-backup.sh'], {
    env: { PATH: process.env.PATH, HEARTH_DATA_DIR: dataDir, BACKUP_DIR: backups, KEEP: '7', HEARTH: 'bin/hearth.js' },
    encoding: 'utf8',
  });
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  expect(run.stdout).toMatch(/Backed up 1 file\(s\)/);
  expect(run.stdout).toMatch(/is a sound backup/);
  const left = fs.readdirSync(backups).sort();
  const fresh = left.filter((n) => !old.includes(n) && n.endsWith('.zip'));
  expect(fresh).toHaveLength(1);
  expect(left).toEqual([...old.slice(3), fresh[0]!, 'notes.txt'].sort());
});
