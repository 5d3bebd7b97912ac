import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable, Writable } from 'node:stream';
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '#cli/program';
import { createUser as createAccount, setPassword } from '#server/accounts/service';
import { ensureSetupToken } from '#server/auth/setup';
import { HttpError } from '#server/errors';
import { asUser, createTestApp, signedInUser, type TestApp } from '#test/helpers';
import { COMMON_PASSWORD_COUNT, commonPasswords, isCommonPassword } from './common-passwords';

const listFile = new URL('./common-passwords.txt', import.meta.url);

describe('the shipped list', () => {
  it('holds exactly the 10,000 ranked passwords its provenance note describes', () => {
    const text = fs.readFileSync(listFile, 'utf8');
    const lines = text.trimEnd().split('\n');
    expect(lines).toHaveLength(COMMON_PASSWORD_COUNT);
    expect(new Set(lines).size).toBe(COMMON_PASSWORD_COUNT);
    expect(lines.slice(0, 4)).toEqual(['123456', 'password', '12345678', 'qwerty']);
    const note = fs.readFileSync(new URL('./common-passwords.md', import.meta.url), 'utf8');
    expect(note).toContain(createHash('sha256').update(text).digest('hex'));
    expect(commonPasswords().size).toBe(COMMON_PASSWORD_COUNT);
  });

  it('matches case-insensitively and only whole passwords', () => {
    expect(isCommonPassword('password1')).toBe(true);
    expect(isCommonPassword('PassWord1')).toBe(true);
    expect(isCommonPassword('iloveyou')).toBe(true);
    expect(isCommonPassword('password1 kitchen')).toBe(false);
    expect(isCommonPassword('correct horse battery staple')).toBe(false);
  });
});

describe('every path that sets a password refuses a common one', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp();
  });
  afterEach(async () => {
    await t.close();
  });

  const httpError = async (p: Promise<unknown>) => {
    const err = await p.then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(HttpError);
    return err as HttpError;
  };

  it('account creation and password reset (admin console, sign-up, CLI all call these)', async () => {
    const err = await httpError(createAccount(t.app.ctx, { username: 'carl', password: 'Sunshine1' }));
    expect(err).toMatchObject({ statusCode: 400, field: 'password' });
    expect(err.message).toMatch(/one of the 10,000 most common passwords/);
    const user = await createAccount(t.app.ctx, { username: 'carl', password: 'kitchen table 42' });
    expect(await httpError(setPassword(t.app.ctx, user.id, 'football1', 'newPassword'))).toMatchObject({
      statusCode: 400,
      field: 'newPassword',
    });
  });

  it('first-admin setup', async () => {
    const token = await ensureSetupToken(t.app.ctx);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/setup',
      payload: { token, username: 'mum', password: 'qwertyuiop' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'validation_failed', field: 'password', rule: 'common_password' });
    expect(res.json().error.message).toContain('10,000 most common passwords');
    // The token survives a refused attempt.
    const ok = await t.app.inject({
      method: 'POST',
      url: '/api/setup',
      payload: { token, username: 'mum', password: 'kitchen table 42' },
    });
    expect(ok.statusCode).toBe(200);
  });

  it('password change', async () => {
    const s = await signedInUser(t.app);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers: asUser(s),
      payload: { currentPassword: 'correct horse battery staple', newPassword: 'baseball' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'validation_failed', field: 'newPassword' });
  });

  it('the hearth CLI (user add, user set-password)', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-cli-'));
    try {
      const run = async (argv: string[], stdin: string) => {
        let stderr = '';
        const sinkTo = (append: (s: string) => void) =>
          new Writable({ write: (chunk: Buffer, _e, done) => (append(chunk.toString('utf8')), done()) });
        const code = await runCli(argv, {
          stdin: Readable.from([stdin]),
          stdout: sinkTo(() => undefined),
          stderr: sinkTo((s) => (stderr += s)),
          env: { HEARTH_DATA_DIR: dataDir },
        });
        return { code, stderr };
      };
      const refused = await run(['user', 'add', 'mum', '--admin', '--password-stdin'], 'letmein1\n');
      expect(refused.code).not.toBe(0);
      expect(refused.stderr).toContain('10,000 most common passwords');
      expect((await run(['user', 'add', 'mum', '--admin', '--password-stdin'], 'kitchen table 42\n')).code).toBe(0);
      const reset = await run(['user', 'set-password', 'mum', '--password-stdin'], 'trustno1\n');
      expect(reset.code).not.toBe(0);
      expect(reset.stderr).toContain('10,000 most common passwords');
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
