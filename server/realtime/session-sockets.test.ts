/**
 * Sockets belong to a session: every way a session ends (sign-out, ending one session from
 * Settings, "sign out everywhere else", a password change, an admin's password reset) closes
 * the sockets opened with it within a second, and only those; and one account cannot open
 * sockets without bound. Real port, real `ws` clients.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startFakeModelServer, type FakeModelServer } from '#test/fakes/fake-model-server';
import { createUser, login, type Session } from '#test/helpers';
import { browserHeaders, MODELS, sendStreaming, startLiveApp, type LiveApp } from '#server/generation/test-support';
import { CLOSE_SIGNED_OUT, CLOSE_TOO_MANY_SOCKETS } from './hub';

let fake: FakeModelServer;
let t: LiveApp;
const sockets: WebSocket[] = [];
beforeAll(async () => {
  fake = await startFakeModelServer();
});
afterAll(async () => {
  await fake.close();
});
beforeEach(async () => {
  t = await startLiveApp(fake, { HEARTH_MAX_SOCKETS_PER_USER: '3' });
});
afterEach(async () => {
  for (const s of sockets.splice(0)) s.terminate();
  await t.close();
});

type Tab = { ws: WebSocket; closed: Promise<{ code: number; reason: string; at: number }> };

/** A socket opened with `s`'s session cookie, once the server said hello. */
async function open(s: Session): Promise<Tab> {
  const ws = new WebSocket(`${t.url.replace('http', 'ws')}/api/ws`, { headers: { cookie: s.cookie }, origin: t.url });
  sockets.push(ws);
  const closed = new Promise<{ code: number; reason: string; at: number }>((resolve) =>
    ws.once('close', (code, reason) => resolve({ code, reason: reason.toString(), at: Date.now() })),
  );
  await new Promise<void>((resolve, reject) => {
    ws.once('message', () => resolve());
    ws.once('error', reject);
  });
  return { ws, closed };
}

/** Resolves with the close if it comes within `ms` of `since`, else fails naming `what`. */
function closedWithin(tab: Tab, since: number, ms: number, what: string) {
  return Promise.race([
    tab.closed,
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`${what}: still open ${ms} ms later`)), since + ms - Date.now()),
    ),
  ]);
}

/** Still open and served: a ping is answered. */
async function stillServed(tab: Tab): Promise<void> {
  const pong = new Promise<void>((resolve) =>
    tab.ws.on('message', (data: Buffer) => {
      if (JSON.parse(data.toString()).type === 'pong') resolve();
    }),
  );
  tab.ws.send(JSON.stringify({ type: 'ping' }));
  await pong;
}

/** One user signed in twice (two devices), a socket on each. */
async function twoDevices() {
  const { user, password } = await createUser(t.app);
  const phone = await login(t.app, user.username, password);
  const laptop = await login(t.app, user.username, password);
  return { user, password, phone, laptop, phoneTab: await open(phone), laptopTab: await open(laptop) };
}

/** The id of `s`'s user's other session (the one `s` is not). */
const otherSessionId = async (s: Session) => {
  const list = await t.app.inject({ method: 'GET', url: '/api/auth/sessions', headers: browserHeaders(s) });
  return list.json<{ items: { id: string; current: boolean }[] }>().items.find((i) => !i.current)!.id;
};

describe('a session’s sockets close when it ends', () => {
  it('sign-out closes that session’s socket within 1 s, not the other device’s', async () => {
    const { phone, phoneTab, laptopTab } = await twoDevices();
    const at = Date.now();
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: browserHeaders(phone) });
    expect(res.statusCode).toBe(204);
    expect((await closedWithin(phoneTab, at, 1000, 'phone socket')).code).toBe(CLOSE_SIGNED_OUT);
    await stillServed(laptopTab);
  });

  it('ending one session from Settings closes that device’s socket within 1 s', async () => {
    const { phone, phoneTab, laptopTab } = await twoDevices();
    const laptopSession = await otherSessionId(phone);
    const at = Date.now();
    const res = await t.app.inject({
      method: 'DELETE',
      url: `/api/auth/sessions/${laptopSession}`,
      headers: browserHeaders(phone),
    });
    expect(res.statusCode).toBe(204);
    expect((await closedWithin(laptopTab, at, 1000, 'laptop socket')).code).toBe(CLOSE_SIGNED_OUT);
    await stillServed(phoneTab);
  });

  it('“sign out everywhere else” closes every other session’s socket within 1 s and keeps this one', async () => {
    const { phone, phoneTab, laptopTab } = await twoDevices();
    const at = Date.now();
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/sessions/revoke-others',
      headers: browserHeaders(phone),
    });
    expect(res.statusCode).toBe(200);
    expect((await closedWithin(laptopTab, at, 1000, 'laptop socket')).code).toBe(CLOSE_SIGNED_OUT);
    await stillServed(phoneTab);
  });

  it('a password change in Settings closes the other devices’ sockets within 1 s', async () => {
    const { password, phone, phoneTab, laptopTab } = await twoDevices();
    const at = Date.now();
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers: browserHeaders(phone),
      payload: { currentPassword: password, newPassword: 'a brand new passphrase 7' },
    });
    expect(res.statusCode).toBe(204);
    expect((await closedWithin(laptopTab, at, 1000, 'laptop socket')).code).toBe(CLOSE_SIGNED_OUT);
    await stillServed(phoneTab);
  });

  it('an admin’s password reset closes every socket of the member and stops their running reply', async () => {
    const admin = await createUser(t.app, { role: 'admin' });
    const adminSession = await login(t.app, admin.user.username, admin.password);
    const { user, phone, phoneTab, laptopTab } = await twoDevices();
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/conversations',
      headers: browserHeaders(phone),
      payload: { model: MODELS.openai },
    });
    fake.enqueue({ reply: Array.from({ length: 400 }, (_, i) => `word${i}`).join(' '), tokenIntervalMs: 50 });
    const stream = await sendStreaming(t, phone, created.json<{ id: string }>().id, { content: 'A long story' });
    await stream.waitFor((e) => e.event === 'delta');

    const at = Date.now();
    const res = await t.app.inject({
      method: 'PATCH',
      url: `/api/admin/users/${user.id}`,
      headers: browserHeaders(adminSession),
      payload: { password: 'a password only mum knows 9' },
    });
    expect(res.statusCode).toBe(200);
    expect((await closedWithin(phoneTab, at, 1000, 'phone socket')).code).toBe(CLOSE_SIGNED_OUT);
    expect((await closedWithin(laptopTab, at, 1000, 'laptop socket')).code).toBe(CLOSE_SIGNED_OUT);
    const events = await stream.ended;
    expect(events.find((e) => e.event === 'done')?.data.message.status).toBe('stopped');
  });
});

describe('sockets per account', () => {
  it('closes the socket past the cap with a clear code and reason; others are unaffected', async () => {
    const { user, password } = await createUser(t.app);
    const s = await login(t.app, user.username, password);
    const tabs = [await open(s), await open(s), await open(s)];
    const ws = new WebSocket(`${t.url.replace('http', 'ws')}/api/ws`, { headers: { cookie: s.cookie }, origin: t.url });
    sockets.push(ws);
    const fourth = await new Promise<{ code: number; reason: string }>((resolve) =>
      ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    );
    expect(fourth.code).toBe(CLOSE_TOO_MANY_SOCKETS);
    expect(fourth.reason).toBe('Too many Hearth tabs open (at most 3). Close some.');
    for (const tab of tabs) await stillServed(tab);
    // Another account has its own allowance.
    const other = await createUser(t.app);
    await stillServed(await open(await login(t.app, other.user.username, other.password)));
    // One closed frees a place.
    tabs[0]!.ws.close();
    await tabs[0]!.closed;
    await expect.poll(() => t.app.ctx.sockets.count(), { timeout: 5000 }).toBe(3);
    await stillServed(await open(s));
  });
});
