/**
 * Quiet hours and daily limits with a fake clock (only `Date` is faked), on a real server with
 * the fake model server behind it: every AI send path of a supervised member is refused before
 * anything is saved or sent — web send, regenerate, edit, /v1 through the official `openai`
 * client, `@assistant` in a room — and people chat too when the guardian ticked it; adults are
 * never limited. The household's zone is HEARTH_TIMEZONE, Berlin in one world, New York in another.
 */
import OpenAI from 'openai';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { User } from '#common/auth';
import type { QuietHoursRule } from '#common/family';
import type { Room, RoomMessage } from '#common/messaging';
import { createApiClient } from '#common/api-client';
import { toCliError } from '#cli/client/errors';
import { createApiToken } from '#server/auth/api-tokens';
import { startGatewayWorld, OPENAI_MODEL, type GatewayWorld } from '#server/gateway/test-support';
import { asUser, createUser, login, type Session } from '#test/helpers';
import * as store from './store';
import { todayUse } from './today';

// 2026-12-07 is a Monday. Berlin is UTC+1 in December, New York UTC-5.
const schoolNights: QuietHoursRule[] = [{ days: [0, 1, 2, 3, 4], from: '21:00', to: '07:00' }];

let w: GatewayWorld | undefined;
afterEach(async () => {
  vi.useRealTimers();
  await w?.close();
  w = undefined;
});

/** Sets the fake clock (Date only: timers and sockets stay real). */
const clockAt = (iso: string) => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date(iso));
};

type Family = { child: User; kid: Session; adult: Session; kidAi: OpenAI };

/** A supervised child (signed in, with a /v1 token) and the world's adult, signed in. */
async function family(world: GatewayWorld, controls: Partial<store.StoredControls>): Promise<Family> {
  const { user: child, password } = await createUser(world.t.app, { supervised: true, displayName: 'Kid' });
  await setControls(world, child.id, { allowTokens: true, ...controls });
  const { token } = await createApiToken(world.t.app.ctx, child, 'kid app', 'models');
  return {
    child,
    kid: await login(world.t.app, child.username, password),
    adult: await login(world.t.app, world.user.username, world.password),
    kidAi: world.clientWith(token),
  };
}

async function setControls(world: GatewayWorld, userId: string, patch: Partial<store.StoredControls>) {
  const db = world.t.app.ctx.db;
  await store.writeControls(db, userId, { ...(await store.readControls(db, userId)), ...patch }, 'test');
}

type Req = { method: 'GET' | 'POST' | 'DELETE'; url: string; payload?: object };
const call = (s: Session, req: Req) => w!.t.app.inject({ ...req, headers: asUser(s) });

/** A conversation of `s` with one finished exchange: its user and assistant message ids. */
async function chatted(s: Session) {
  const conv = (await call(s, { method: 'POST', url: '/api/conversations', payload: { model: OPENAI_MODEL } })).json<{
    id: string;
  }>();
  const sent = await send(s, conv.id);
  expect(sent.statusCode).toBe(200);
  const { userMessage, assistantMessage } = sent.json<{
    userMessage: { id: string };
    assistantMessage: { id: string };
  }>();
  return { id: conv.id, userId: userMessage.id, assistantId: assistantMessage.id };
}

const send = (s: Session, conversationId: string, content = 'Hello?') =>
  call(s, {
    method: 'POST',
    url: `/api/conversations/${conversationId}/messages`,
    payload: { content, stream: false },
  });

const ask = (ai: OpenAI) =>
  ai.chat.completions.create({ model: OPENAI_MODEL, messages: [{ role: 'user', content: 'Hi' }] });

/** The /v1 error the SDK threw, or a failure when the call went through. */
async function v1Refusal(ai: OpenAI) {
  try {
    await ask(ai);
  } catch (err) {
    if (err instanceof OpenAI.APIError) return err;
    throw err;
  }
  throw new Error('the /v1 request was not refused');
}

/** What `hearth chat`/`hearth ask` make of a send refused on the server: their CliError. */
async function terminalRefusal(child: User, conversationId: string) {
  const { token } = await createApiToken(w!.t.app.ctx, child, 'laptop', 'chat');
  const server = w!.baseURL.replace(/\/v1$/, '');
  const api = createApiClient({ baseUrl: server, bearerToken: token });
  try {
    for await (const event of api.streamMessage(conversationId, { content: 'Are you there?' })) void event;
  } catch (err) {
    return toCliError(err, server);
  }
  throw new Error('the terminal send was not refused');
}

async function messageCount(s: Session, conversationId: string) {
  return (await call(s, { method: 'GET', url: `/api/conversations/${conversationId}` })).json<{ messages: unknown[] }>()
    .messages.length;
}

/** Waits until the usage of `userId` is booked (the write queue books it just after the reply). */
async function bookedMessages(userId: string, n: number) {
  await expect
    .poll(async () => (await todayUse(w!.t.app.ctx, userId, { dailyMessages: null, dailyTokens: null })).messages)
    .toBe(n);
}

describe('quiet hours (Europe/Berlin)', () => {
  it('refuses every AI send path with until, before anything is saved or sent; adults chat on', async () => {
    w = await startGatewayWorld({ HEARTH_TIMEZONE: 'Europe/Berlin' });
    clockAt('2026-12-07T19:00:00Z'); // Monday 20:00 in Berlin: still open
    const f = await family(w, { quietHours: schoolNights });
    const conv = await chatted(f.kid);
    const adultConv = await chatted(f.adult);
    await f.kidAi.chat.completions.create({ model: OPENAI_MODEL, messages: [{ role: 'user', content: 'Hi' }] });

    vi.setSystemTime(new Date('2026-12-07T21:30:00Z')); // Monday 22:30 in Berlin
    const upstreamBefore = w.fake.chatRequests().length;
    const until = '2026-12-08T06:00:00.000Z'; // Tuesday 07:00 in Berlin
    const words = "It's quiet time now. You can chat with the assistant again at 07:00.";

    const refusals = [
      await send(f.kid, conv.id),
      await call(f.kid, { method: 'POST', url: `/api/messages/${conv.assistantId}/regenerate`, payload: {} }),
      await call(f.kid, { method: 'POST', url: `/api/messages/${conv.userId}/edit`, payload: { content: 'Again' } }),
    ];
    for (const res of refusals) {
      expect(res.statusCode).toBe(403);
      expect(res.json()).toEqual({ error: { code: 'quiet_hours', message: words, until } });
    }
    expect(await messageCount(f.kid, conv.id)).toBe(2);

    // The terminal client (a `chat` token) prints the same words and exits 5 ("not now, later").
    const terminal = await terminalRefusal(f.child, conv.id);
    expect(terminal).toMatchObject({ message: words, exitCode: 5 });

    const v1 = await v1Refusal(f.kidAi);
    expect(v1).toBeInstanceOf(OpenAI.PermissionDeniedError);
    expect(v1.code).toBe('quiet_hours');
    expect(v1.error).toMatchObject({ type: 'invalid_request_error', code: 'quiet_hours', message: words, until });

    // `@assistant` in a room: a visible note in plain words instead of a reply.
    const room = (
      await call(f.adult, { method: 'POST', url: '/api/rooms', payload: { name: 'Kitchen', memberIds: [f.child.id] } })
    ).json<Room>();
    const post = (text: string) =>
      call(f.kid, { method: 'POST', url: `/api/rooms/${room.id}/messages`, payload: { text } });
    expect((await post('@assistant what is a volcano?')).statusCode).toBe(201);
    await expect
      .poll(async () => {
        const page = (await call(f.adult, { method: 'GET', url: `/api/rooms/${room.id}/messages` })).json<{
          items: RoomMessage[];
        }>();
        return page.items.find((m) => m.kind === 'assistant');
      })
      .toMatchObject({ status: 'error', text: `The assistant did not answer Kid. ${words}`, askedBy: f.child.id });
    expect(w.fake.chatRequests().length).toBe(upstreamBefore);

    // People chat goes on during quiet hours, unless the guardian ticked quietHoursPeopleChat.
    expect((await post('good night')).statusCode).toBe(201);
    await setControls(w, f.child.id, { quietHoursPeopleChat: true });
    const held = await post('still awake');
    expect(held.statusCode).toBe(403);
    expect(held.json().error).toEqual({
      code: 'quiet_hours',
      message: "It's quiet time now. You can send messages again at 07:00.",
      until,
    });

    // The adult is never limited.
    expect((await send(f.adult, adultConv.id)).statusCode).toBe(200);
    expect((await ask(w.client)).choices[0]!.message.content).toBeTruthy();
    expect(w.fake.chatRequests().length).toBe(upstreamBefore + 2);

    // Tuesday 07:00 in Berlin: open again (the weekday changed; Tuesday night is quiet again).
    vi.setSystemTime(new Date(until));
    expect((await send(f.kid, conv.id)).statusCode).toBe(200);
    expect((await post('morning!')).statusCode).toBe(201);
  });
});

describe('quiet hours and daily limits (America/New_York)', () => {
  it('reads quiet hours on the New York clock, and counts budgets with extras until New York midnight', async () => {
    w = await startGatewayWorld({ HEARTH_TIMEZONE: 'America/New_York' });
    clockAt('2026-12-07T21:30:00Z'); // Monday 16:30 in New York (22:30 in Berlin)
    const f = await family(w, { quietHours: schoolNights, dailyMessages: 2 });
    const conv = await chatted(f.kid);
    vi.setSystemTime(new Date('2026-12-08T02:30:00Z')); // Monday 21:30 in New York
    const quiet = await send(f.kid, conv.id);
    expect(quiet.statusCode).toBe(403);
    expect(quiet.json().error.until).toBe('2026-12-08T12:00:00.000Z'); // Tuesday 07:00 in New York

    vi.setSystemTime(new Date('2026-12-07T22:00:00Z')); // back to Monday 17:00: one message left
    await bookedMessages(f.child.id, 1);
    expect((await send(f.kid, conv.id)).statusCode).toBe(200);
    await bookedMessages(f.child.id, 2);
    const resetAt = '2026-12-08T05:00:00.000Z'; // midnight in New York
    const spent = await send(f.kid, conv.id);
    expect(spent.statusCode).toBe(429);
    expect(spent.json().error).toEqual({
      code: 'daily_limit_reached',
      message:
        "You've used today's messages with the assistant. You can chat again at 00:00 — or ask a guardian for more.",
      resetAt,
      budget: 'messages',
    });
    expect(spent.headers['retry-after']).toBe(String(7 * 3600));
    const v1 = await v1Refusal(f.kidAi);
    expect(v1).toBeInstanceOf(OpenAI.RateLimitError);
    expect(v1.error).toMatchObject({ code: 'daily_limit_reached', resetAt });
    expect(await messageCount(f.kid, conv.id)).toBe(4);

    // A guardian grants one more for today: one send, then refused again.
    await store.addExtras(w.t.app.ctx.db, f.child.id, '2026-12-07', { messages: 1, tokens: 0 });
    expect((await send(f.kid, conv.id)).statusCode).toBe(200);
    await bookedMessages(f.child.id, 3);
    expect((await send(f.kid, conv.id)).statusCode).toBe(429);

    // New York midnight: a new day, a new budget (Tuesday 00:00–07:00 is not quiet: it started on no day).
    vi.setSystemTime(new Date(resetAt));
    await setControls(w, f.child.id, { quietHours: [] });
    expect((await send(f.kid, conv.id)).statusCode).toBe(200);
  });

  it('lets the reply that crosses the token budget finish, then refuses; adults have none', async () => {
    w = await startGatewayWorld({ HEARTH_TIMEZONE: 'America/New_York' });
    clockAt('2026-12-07T15:00:00Z');
    const f = await family(w, { dailyTokens: 30 });
    w.fake.enqueue({ reply: 'A long answer that goes on.', usage: { promptTokens: 20, completionTokens: 25 } });
    const conv = await chatted(f.kid);
    await expect
      .poll(async () => (await todayUse(w!.t.app.ctx, f.child.id, { dailyMessages: null, dailyTokens: 30 })).tokens)
      .toBe(45);
    const res = await send(f.kid, conv.id);
    expect(res.statusCode).toBe(429);
    expect(res.json().error.code).toBe('daily_limit_reached');
    // 200 tokens more for today: open again.
    await store.addExtras(w.t.app.ctx.db, f.child.id, '2026-12-07', { messages: 0, tokens: 200 });
    expect((await send(f.kid, conv.id)).statusCode).toBe(200);
    // The adult has no budget: a supervised-only control.
    const adultConv = await chatted(f.adult);
    expect((await send(f.adult, adultConv.id)).statusCode).toBe(200);
  });
});
