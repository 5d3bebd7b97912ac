import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '#test/helpers';
import { HttpError } from '#server/errors';
import {
  createUser,
  deleteUser,
  findUserByUsername,
  getUser,
  listUsers,
  setPassword,
  updateAccount,
  updateSettings,
  verifyCredentials,
} from './service';
import { findUserRow } from './store';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => {
  await t.close();
});

/** The HttpError a promise rejects with. */
async function httpError(promise: Promise<unknown>): Promise<HttpError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(err instanceof HttpError)) throw new Error(`expected an HttpError, got ${String(err)}`);
  return err;
}

describe('accounts', () => {
  it('creates a user with a lower-case username and an argon2id (OWASP) hash', async () => {
    const user = await createUser(t.app.ctx, { username: '  Anna.B ', password: 'correct horse battery' });
    expect(user).toMatchObject({ username: 'anna.b', displayName: 'anna.b', role: 'member', supervised: false });
    expect(user.settings).toEqual({
      theme: 'system',
      defaultModel: null,
      lastConversationId: null,
      customInstructions: '',
      streamReplies: true,
      language: null,
    });
    const row = await findUserRow(t.app.ctx.db, user.id);
    expect(row?.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(row?.passwordHash).not.toContain('correct horse');
    expect((await findUserByUsername(t.app.ctx, 'ANNA.B'))?.id).toBe(user.id);
    expect((await getUser(t.app.ctx, user.id))?.disabled).toBe(false);
  });

  it('refuses a taken username (any case) with 409 naming username', async () => {
    await createUser(t.app.ctx, { username: 'ben', password: 'correct horse battery' });
    const err = await httpError(createUser(t.app.ctx, { username: 'BEN', password: 'another password' }));
    expect(err).toMatchObject({ statusCode: 409, code: 'conflict', field: 'username' });
  });

  it('refuses bad usernames and passwords with 400 naming the field', async () => {
    expect(await httpError(createUser(t.app.ctx, { username: 'x', password: 'long enough pw' }))).toMatchObject({
      statusCode: 400,
      field: 'username',
    });
    expect(await httpError(createUser(t.app.ctx, { username: 'bad name', password: 'long enough pw' }))).toMatchObject({
      field: 'username',
    });
    expect(await httpError(createUser(t.app.ctx, { username: 'carl', password: 'short' }))).toMatchObject({
      statusCode: 400,
      field: 'password',
    });
    expect(await httpError(createUser(t.app.ctx, { username: 'carl', password: 'x'.repeat(129) }))).toMatchObject({
      field: 'password',
    });
    expect(await listUsers(t.app.ctx)).toEqual([]);
  });

  it('verifies credentials and changes passwords', async () => {
    const user = await createUser(t.app.ctx, { username: 'dora', password: 'first password' });
    expect(await verifyCredentials(t.app.ctx, 'Dora', 'first password')).toEqual({
      ok: true,
      user: expect.objectContaining({ id: user.id }),
    });
    expect((await verifyCredentials(t.app.ctx, 'dora', 'wrong password')).ok).toBe(false);
    expect((await verifyCredentials(t.app.ctx, 'nobody', 'first password')).ok).toBe(false);
    await setPassword(t.app.ctx, user.id, 'second password');
    expect((await verifyCredentials(t.app.ctx, 'dora', 'first password')).ok).toBe(false);
    expect((await verifyCredentials(t.app.ctx, 'dora', 'second password')).ok).toBe(true);
    expect((await httpError(setPassword(t.app.ctx, 'nope', 'second password'))).statusCode).toBe(404);
  });

  it('updates settings, keeping what the patch leaves out', async () => {
    const user = await createUser(t.app.ctx, { username: 'emil', password: 'first password' });
    await updateSettings(t.app.ctx, user.id, { theme: 'dark' });
    const after = await updateSettings(t.app.ctx, user.id, { defaultModel: 'llama3' });
    expect(after.settings).toEqual({
      theme: 'dark',
      defaultModel: 'llama3',
      lastConversationId: null,
      customInstructions: '',
      streamReplies: true,
      language: null,
    });
    expect((await getUser(t.app.ctx, user.id))?.settings).toEqual({
      theme: 'dark',
      defaultModel: 'llama3',
      lastConversationId: null,
      customInstructions: '',
      streamReplies: true,
      language: null,
    });
    // "Show replies as they are written" can be turned off, and stays off.
    await updateSettings(t.app.ctx, user.id, { streamReplies: false });
    expect((await getUser(t.app.ctx, user.id))?.settings.streamReplies).toBe(false);
  });

  it('never leaves the household without an enabled admin', async () => {
    const admin = await createUser(t.app.ctx, { username: 'mum', password: 'first password', role: 'admin' });
    expect((await httpError(updateAccount(t.app.ctx, admin.id, { role: 'member' }))).statusCode).toBe(409);
    expect((await httpError(updateAccount(t.app.ctx, admin.id, { disabled: true }))).statusCode).toBe(409);
    expect((await httpError(deleteUser(t.app.ctx, admin.id))).statusCode).toBe(409);
    const dad = await createUser(t.app.ctx, { username: 'dad', password: 'first password', role: 'admin' });
    const demoted = await updateAccount(t.app.ctx, admin.id, { role: 'member', supervised: false });
    expect(demoted.role).toBe('member');
    await deleteUser(t.app.ctx, admin.id);
    expect((await listUsers(t.app.ctx)).map((u) => u.id)).toEqual([dad.id]);
  });
});
