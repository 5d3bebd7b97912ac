/**
 * Passkeys over HTTP, with a software authenticator standing in for the device and browser
 * (test/security/soft-authenticator.ts). The Chromium test (test/e2e/passkeys.test.ts) does the
 * same with the browser's virtual authenticator.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { updateAccount } from '#server/accounts/service';
import { cookieHeader, createTestApp, createUser, signedInUser, type Session, type TestApp } from '#test/helpers';
import { SoftAuthenticator, type CeremonyTweaks } from '#test/security/soft-authenticator';

const HOST = 'localhost:8000';
const ORIGIN = 'http://localhost:8000';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => {
  await t.close();
});

/** A request as the browser on http://localhost:8000 sends it. */
const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, s?: Session, payload?: object) =>
  t.app.inject({
    method,
    url,
    headers: { host: HOST, ...(s ? { cookie: s.cookie, 'x-csrf-token': s.csrfToken } : {}) },
    ...(payload ? { payload } : {}),
  });

/** Registers a passkey on `device` for the signed-in `s`; returns the verify reply. */
async function register(s: Session, device: SoftAuthenticator, tweaks: CeremonyTweaks = {}, name?: string) {
  const options = await call('POST', '/api/auth/passkeys/register/options', s);
  expect(options.statusCode).toBe(200);
  const response = device.create(options.json().options, tweaks);
  return call('POST', '/api/auth/passkeys/register/verify', s, { response, ...(name ? { name } : {}) });
}

/** Signs in with the passkey on `device`, no username; returns the verify reply. */
async function passkeyLogin(device: SoftAuthenticator, tweaks: CeremonyTweaks = {}) {
  const options = await call('POST', '/api/auth/passkeys/login/options');
  expect(options.statusCode).toBe(200);
  return call('POST', '/api/auth/passkeys/login/verify', undefined, {
    response: device.get(options.json().options, tweaks),
  });
}

describe('passkey registration and sign-in', () => {
  it('registers a passkey, lists it, and signs in with it and no password', async () => {
    const anna = await signedInUser(t.app, { displayName: 'Anna' });
    const phone = new SoftAuthenticator(ORIGIN);
    const options = (await call('POST', '/api/auth/passkeys/register/options', anna)).json().options;
    expect(options).toMatchObject({
      rp: { id: 'localhost', name: 'Hearth' },
      user: { name: anna.user.username, displayName: 'Anna' },
      attestation: 'none',
      authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
    });
    const verified = await call('POST', '/api/auth/passkeys/register/verify', anna, {
      response: phone.create(options),
      name: 'Phone',
    });
    expect(verified.statusCode).toBe(201);
    expect(verified.json().passkey).toMatchObject({
      name: 'Phone',
      lastUsedAt: null,
      deviceType: 'singleDevice',
      backedUp: false,
    });

    const list = await call('GET', '/api/auth/passkeys', anna);
    expect(list.json().items).toEqual([verified.json().passkey]);

    const signedIn = await passkeyLogin(phone);
    expect(signedIn.statusCode).toBe(200);
    expect(signedIn.json()).toEqual({ user: anna.user, csrfToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) });
    const cookie = signedIn.cookies.find((c) => c.name === 'hearth_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: cookieHeader(signedIn) } });
    expect(me.json().user.id).toBe(anna.user.id);
    expect((await call('GET', '/api/auth/passkeys', anna)).json().items[0].lastUsedAt).toEqual(expect.any(String));

    // A second device, a second passkey; the first device's passkey is excluded from registering again.
    const laptop = new SoftAuthenticator(ORIGIN);
    expect((await register(anna, laptop, {}, 'Laptop')).statusCode).toBe(201);
    const again = (await call('POST', '/api/auth/passkeys/register/options', anna)).json().options;
    expect(again.excludeCredentials).toHaveLength(2);
    expect((await passkeyLogin(laptop)).statusCode).toBe(200);

    const audit = await t.app.ctx.db.selectFrom('auditLog').select(['action', 'actorId']).orderBy('id').execute();
    expect(audit).toEqual(
      expect.arrayContaining([
        { action: 'passkey.added', actorId: anna.user.id },
        { action: 'auth.login', actorId: anna.user.id },
      ]),
    );
  });

  it('signs in with a passkey while wrong passwords have the account throttled', async () => {
    const anna = await signedInUser(t.app);
    const phone = new SoftAuthenticator(ORIGIN);
    expect((await register(anna, phone)).statusCode).toBe(201);
    // Someone guesses anna's password from this very address until the password sign-in waits.
    let blocked = 0;
    for (let i = 0; i < 10 && blocked === 0; i++) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        headers: { host: HOST },
        payload: { username: anna.user.username, password: `guess number ${i}` },
      });
      if (res.statusCode === 429) blocked = i;
    }
    expect(blocked).toBeGreaterThan(0);
    // A passkey cannot be guessed: it is never counted or locked.
    const signedIn = await passkeyLogin(phone);
    expect(signedIn.statusCode).toBe(200);
    expect(signedIn.json().user.id).toBe(anna.user.id);
  });

  it('each challenge works once and only for its ceremony', async () => {
    const anna = await signedInUser(t.app);
    const phone = new SoftAuthenticator(ORIGIN);
    expect((await register(anna, phone)).statusCode).toBe(201);
    const options = (await call('POST', '/api/auth/passkeys/login/options')).json().options;
    const response = phone.get(options);
    expect((await call('POST', '/api/auth/passkeys/login/verify', undefined, { response })).statusCode).toBe(200);
    // Replayed: the challenge is used up.
    const replay = await call('POST', '/api/auth/passkeys/login/verify', undefined, { response });
    expect(replay.statusCode).toBe(401);
    expect(replay.json().error.code).toBe('invalid_credentials');
    // A registration challenge cannot serve a sign-in.
    const regOptions = (await call('POST', '/api/auth/passkeys/register/options', anna)).json().options;
    expect((await passkeyLogin(phone, { challenge: regOptions.challenge })).statusCode).toBe(401);
    // An expired challenge is refused.
    const late = (await call('POST', '/api/auth/passkeys/login/options')).json().options;
    await t.app.ctx.db
      .updateTable('webauthnChallenges')
      .set({ expiresAt: new Date(Date.now() - 1000).toISOString() })
      .execute();
    const lateReply = await call('POST', '/api/auth/passkeys/login/verify', undefined, { response: phone.get(late) });
    expect(lateReply.statusCode).toBe(401);
  });

  it('refuses a response from another origin, without user verification, or of the wrong type', async () => {
    const anna = await signedInUser(t.app);
    const phone = new SoftAuthenticator(ORIGIN);
    for (const tweaks of [
      { origin: 'http://evil.localhost:8000' },
      { userVerified: false },
      { type: 'webauthn.get' },
    ]) {
      const res = await register(anna, phone, tweaks);
      expect(res.statusCode).toBe(400);
      expect(res.json().error).toMatchObject({ code: 'validation_failed', field: 'response' });
    }
    expect((await call('GET', '/api/auth/passkeys', anna)).json().items).toEqual([]);
    expect((await register(anna, phone)).statusCode).toBe(201);
    for (const tweaks of [{ origin: 'http://evil.localhost:8000' }, { userVerified: false }]) {
      const res = await passkeyLogin(phone, tweaks);
      expect(res.statusCode).toBe(401);
      expect(res.cookies).toHaveLength(0);
    }
  });

  it('an unknown passkey, a removed one and a disabled user all get the password-style 401', async () => {
    const stranger = new SoftAuthenticator(ORIGIN);
    stranger.create({ challenge: 'AAAA', rp: { id: 'localhost' }, user: { id: 'bm9ib2R5' } });
    const unknown = await passkeyLogin(stranger);
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json().error.code).toBe('invalid_credentials');

    await createUser(t.app, { role: 'admin' });
    const anna = await signedInUser(t.app);
    const phone = new SoftAuthenticator(ORIGIN);
    const id = (await register(anna, phone)).json().passkey.id as string;
    await updateAccount(t.app.ctx, anna.user.id, { disabled: true });
    expect((await passkeyLogin(phone)).statusCode).toBe(401);
    await updateAccount(t.app.ctx, anna.user.id, { disabled: false });
    expect((await passkeyLogin(phone)).statusCode).toBe(200);

    const fresh = await passkeyLogin(phone);
    const s = { user: anna.user, cookie: cookieHeader(fresh), csrfToken: fresh.json().csrfToken as string };
    expect((await call('DELETE', `/api/auth/passkeys/${id}`, s)).statusCode).toBe(204);
    expect((await passkeyLogin(phone)).statusCode).toBe(401);
    const actions = (await t.app.ctx.db.selectFrom('auditLog').select('action').execute()).map((r) => r.action);
    expect(actions).toContain('passkey.removed');
    expect(actions).toContain('auth.login_failed');
  });

  it("renames and removes only the caller's own passkeys: another user's answers 404", async () => {
    const anna = await signedInUser(t.app);
    const ben = await signedInUser(t.app);
    const id = (await register(anna, new SoftAuthenticator(ORIGIN), {}, 'Phone')).json().passkey.id as string;
    for (const [method, payload] of [
      ['PATCH', { name: 'Mine now' }],
      ['DELETE', undefined],
    ] as const) {
      const res = await call(method, `/api/auth/passkeys/${id}`, ben, payload);
      expect(res.statusCode).toBe(404);
      expect(res.body).not.toContain('Phone');
    }
    expect((await call('GET', '/api/auth/passkeys', ben)).json().items).toEqual([]);
    const renamed = await call('PATCH', `/api/auth/passkeys/${id}`, anna, { name: '  Kitchen tablet ' });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json()).toMatchObject({ id, name: 'Kitchen tablet' });
    const blank = await call('PATCH', `/api/auth/passkeys/${id}`, anna, { name: '   ' });
    expect(blank.statusCode).toBe(400);
    expect(blank.json().error.field).toBe('name');
  });
});

describe('where passkeys work', () => {
  it('refuses options on an IP address or plain http off localhost, with a clear message', async () => {
    const anna = await signedInUser(t.app);
    for (const host of ['192.168.1.5:8000', '[::1]:8000', 'hearth.home.arpa:8000']) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/auth/passkeys/register/options',
        headers: { host, cookie: anna.cookie, 'x-csrf-token': anna.csrfToken },
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.message).toMatch(/passkeys need/i);
    }
  });

  it('binds passkeys to HEARTH_PUBLIC_URL when it is set', async () => {
    await t.close();
    t = await createTestApp({ HEARTH_PUBLIC_URL: 'https://hearth.example.org' });
    const anna = await signedInUser(t.app);
    const options = (await call('POST', '/api/auth/passkeys/register/options', anna)).json().options;
    expect(options.rp.id).toBe('hearth.example.org');
    const device = new SoftAuthenticator('https://hearth.example.org');
    const ok = await call('POST', '/api/auth/passkeys/register/verify', anna, { response: device.create(options) });
    expect(ok.statusCode).toBe(201);
  });

  it('needs a session to register or list, and the CSRF header to change', async () => {
    expect((await call('GET', '/api/auth/passkeys')).statusCode).toBe(401);
    expect((await call('POST', '/api/auth/passkeys/register/options')).statusCode).toBe(401);
    const anna = await signedInUser(t.app);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/passkeys/register/options',
      headers: { host: HOST, cookie: anna.cookie },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('csrf_failed');
  });
});
