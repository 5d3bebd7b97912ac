import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, login } from '#test/helpers';
import type { CliInput } from './io';
import { fakeTty, runWith } from './test-support';

let dataDir: string;
beforeEach(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-cli-'));
});
afterEach(() => {
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** Runs one command line on this test's data dir. */
const run = (argv: string[], stdin: CliInput | string = '') => runWith({ HEARTH_DATA_DIR: dataDir }, argv, stdin);

describe('hearth user add / list', () => {
  it('creates an admin from --password-stdin; the server then signs them in', async () => {
    const added = await run(
      ['user', 'add', 'Mum', '--admin', '--display-name', 'Mum', '--password-stdin'],
      'kitchen table 42\n',
    );
    expect(added.stderr).toBe('');
    expect(added.code).toBe(0);
    expect(added.stdout).toContain('Created admin "mum" (Mum).');

    const t = await createTestApp({ HEARTH_DATA_DIR: dataDir });
    try {
      const s = await login(t.app, 'mum', 'kitchen table 42');
      expect(s.user).toMatchObject({ role: 'admin', displayName: 'Mum' });
    } finally {
      await t.close();
    }
  });

  it('lists accounts as a table', async () => {
    await run(['user', 'add', 'mum', '--admin', '--password-stdin'], 'kitchen table 42');
    await run(
      ['user', 'add', 'kid', '--supervised', '--display-name', 'Little One', '--password-stdin'],
      'treehouse rules',
    );
    const list = await run(['user', 'list']);
    expect(list.code).toBe(0);
    const lines = list.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^USERNAME\s+DISPLAY NAME\s+ROLE\s+SUPERVISED\s+DISABLED$/);
    expect(lines[1]).toMatch(/^mum\s+mum\s+admin\s+no\s+no$/);
    expect(lines[2]).toMatch(/^kid\s+Little One\s+member\s+yes\s+no$/);
  });

  it('says so when there are no accounts', async () => {
    const list = await run(['user', 'list']);
    expect(list.code).toBe(0);
    expect(list.stdout).toContain('hearth user add <username> --admin');
  });

  it('fails clearly on a taken username and a bad password, writing nothing', async () => {
    await run(['user', 'add', 'mum', '--password-stdin'], 'kitchen table 42');
    const taken = await run(['user', 'add', 'MUM', '--password-stdin'], 'another password');
    expect(taken.code).toBe(1);
    expect(taken.stderr).toBe('hearth: The username "mum" is taken.\n');
    const short = await run(['user', 'add', 'dad', '--password-stdin'], 'short\n');
    expect(short.code).toBe(1);
    expect(short.stderr).toContain('at least 8 characters');
    const badName = await run(['user', 'add', 'bad name!', '--password-stdin'], 'long enough password');
    expect(badName.code).toBe(1);
    expect(badName.stderr).toContain('username');
    const list = await run(['user', 'list']);
    expect(list.stdout.trimEnd().split('\n')).toHaveLength(2);
  });

  it('refuses to read a password from a pipe without --password-stdin', async () => {
    const res = await run(['user', 'add', 'mum'], 'kitchen table 42');
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('--password-stdin');
  });

  it('asks twice at a hidden terminal prompt, without echo', async () => {
    const { tty, modes } = fakeTty('kitchen table 43\rkitchen tablx\u007fe 43\r');
    const res = await run(['user', 'add', 'mum', '--admin'], tty);
    expect(res.stderr).not.toContain('kitchen');
    expect(res.stdout).not.toContain('kitchen');
    expect(res.stderr).toContain('New password: ');
    expect(res.stderr).toContain('Repeat the password: ');
    expect(res.code).toBe(0);
    expect(modes).toEqual([true, false, true, false]);

    const t = await createTestApp({ HEARTH_DATA_DIR: dataDir });
    try {
      await login(t.app, 'mum', 'kitchen table 43');
    } finally {
      await t.close();
    }
  });

  it('refuses when the two typed passwords differ', async () => {
    const { tty } = fakeTty('kitchen table 43\rkitchen table 44\r');
    const res = await run(['user', 'add', 'mum'], tty);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('The two passwords differ');
    expect((await run(['user', 'list'])).stdout).toContain('No accounts yet');
  });

  it('fails on an unknown command or missing argument', async () => {
    expect((await run(['user', 'add'])).code).not.toBe(0);
    expect((await run(['frobnicate'])).code).not.toBe(0);
  });
});

describe('hearth user set-password', () => {
  it('changes the password and signs the account out everywhere', async () => {
    await run(['user', 'add', 'kid', '--password-stdin'], 'treehouse rules');
    const t = await createTestApp({ HEARTH_DATA_DIR: dataDir });
    try {
      const s = await login(t.app, 'kid', 'treehouse rules');
      const res = await run(['user', 'set-password', 'kid', '--password-stdin'], 'new treehouse rules\n');
      expect(res.stderr).toBe('');
      expect(res.code).toBe(0);
      expect(res.stdout).toContain('1 session(s) signed out');
      const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: s.cookie } });
      expect(me.statusCode).toBe(401);
      await expect(login(t.app, 'kid', 'treehouse rules')).rejects.toThrow(/401/);
      await login(t.app, 'kid', 'new treehouse rules');
    } finally {
      await t.close();
    }
  });

  it('fails for an unknown account', async () => {
    const res = await run(['user', 'set-password', 'ghost', '--password-stdin'], 'whatever password');
    expect(res.code).toBe(1);
    expect(res.stderr).toBe('hearth: There is no user called ghost.\n');
  });
});
