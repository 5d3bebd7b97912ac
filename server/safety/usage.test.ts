/**
 * Usage counting: /v1 completions and web chat replies add to the member's counters (the model
 * server's token counts, or an estimate when a reply was cut short), and the counters are
 * readable by their owner and, for everyone, by an admin.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MyUsageReply, AdminUsageReply } from '#common/usage';
import { OPENAI_MODEL, OLLAMA_MODEL, startGatewayWorld, type GatewayWorld } from '#server/gateway/test-support';
import { asUser, login, signedInUser } from '#test/helpers';
import { createApiToken } from '#server/auth/api-tokens';
import { estimateTokens } from './usage';
import { householdDay } from './household-time';

const today = () => householdDay(new Date(), w.t.config.timeZone);

let w: GatewayWorld;
/** The terminal client's token: /v1 and the caller's own usage (the world's own is /v1 only). */
let chatToken: string;
beforeEach(async () => {
  w = await startGatewayWorld();
  chatToken = (await createApiToken(w.t.app.ctx, w.user, 'terminal', 'chat')).token;
});
afterEach(async () => {
  await w.close();
});

const bearer = () => ({ authorization: `Bearer ${chatToken}` });
const myUsage = async (headers: Record<string, string> = bearer(), query = '') => {
  const res = await w.t.app.inject({ method: 'GET', url: `/api/me/usage${query}`, headers });
  expect(res.statusCode).toBe(200);
  return res.json<MyUsageReply>();
};

describe('counting', () => {
  it('books each /v1 completion against its user with the model server’s token counts', async () => {
    w.fake.enqueue(
      { reply: 'A.', usage: { promptTokens: 10, completionTokens: 2 } },
      { reply: 'B.', usage: { promptTokens: 20, completionTokens: 3 } },
    );
    await w.client.chat.completions.create({ model: OPENAI_MODEL, messages: [{ role: 'user', content: 'a' }] });
    const stream = await w.client.chat.completions.create({
      model: OLLAMA_MODEL,
      messages: [{ role: 'user', content: 'b' }],
      stream: true,
    });
    for await (const _ of stream) {
      // read to the end
    }
    const usage = await myUsage();
    expect(usage.items).toEqual([{ day: today(), source: 'api', requests: 2, promptTokens: 30, completionTokens: 5 }]);
    expect(usage.totals.api).toEqual({ requests: 2, promptTokens: 30, completionTokens: 5 });
    expect(usage.totals.chat).toEqual({ requests: 0, promptTokens: 0, completionTokens: 0 });
  });

  it('estimates the tokens of a stream the client stopped before the model server reported them', async () => {
    w.fake.enqueue({ reply: 'word '.repeat(100), tokenIntervalMs: 20 });
    const stream = await w.client.chat.completions.create({
      model: OPENAI_MODEL,
      messages: [{ role: 'user', content: 'x'.repeat(40) }],
      stream: true,
    });
    let received = '';
    for await (const chunk of stream) {
      received += chunk.choices[0]?.delta.content ?? '';
      if (received.length >= 15) stream.controller.abort();
    }
    await vi.waitFor(async () => expect((await myUsage()).totals.api.requests).toBe(1));
    const { api } = (await myUsage()).totals;
    expect(api.promptTokens).toBe(estimateTokens(40));
    // What Hearth had received when the client hung up: at least what the client saw.
    expect(api.completionTokens).toBeGreaterThanOrEqual(estimateTokens(received.length));
    expect(api.completionTokens).toBeLessThan(estimateTokens('word '.repeat(100).length));
  });

  it('books web chat replies as source "chat"', async () => {
    const session = await login(w.t.app, w.user.username, w.password);
    w.fake.enqueue({ reply: 'Hello!', usage: { promptTokens: 7, completionTokens: 2 } });
    const conversation = await w.t.app.inject({
      method: 'POST',
      url: '/api/conversations',
      headers: asUser(session),
      payload: {},
    });
    const sent = await w.t.app.inject({
      method: 'POST',
      url: `/api/conversations/${conversation.json<{ id: string }>().id}/messages`,
      headers: asUser(session),
      payload: { content: 'Hi', model: OPENAI_MODEL, stream: false },
    });
    expect(sent.statusCode).toBe(200);
    await vi.waitFor(async () =>
      expect((await myUsage()).totals.chat).toEqual({ requests: 1, promptTokens: 7, completionTokens: 2 }),
    );
    expect((await myUsage()).totals.api.requests).toBe(0);
  });
});

describe('GET /api/me/usage and GET /api/admin/usage', () => {
  it('shows members only their own counters, and admins everyone’s, heaviest first', async () => {
    w.fake.enqueue({ usage: { promptTokens: 100, completionTokens: 50 } });
    await w.client.chat.completions.create({ model: OPENAI_MODEL, messages: [{ role: 'user', content: 'a' }] });
    const other = await signedInUser(w.t.app);
    const empty = await myUsage({ cookie: other.cookie });
    expect(empty.items).toEqual([]);
    expect(empty.totals.all.requests).toBe(0);

    expect((await w.t.app.inject({ method: 'GET', url: '/api/me/usage' })).statusCode).toBe(401);
    expect(
      (await w.t.app.inject({ method: 'GET', url: '/api/admin/usage', headers: { cookie: other.cookie } })).statusCode,
    ).toBe(403);
    expect((await w.t.app.inject({ method: 'GET', url: '/api/admin/usage', headers: bearer() })).statusCode).toBe(403);

    const admin = await signedInUser(w.t.app, { role: 'admin' });
    const res = await w.t.app.inject({
      method: 'GET',
      url: '/api/admin/usage?days=7',
      headers: { cookie: admin.cookie },
    });
    expect(res.statusCode).toBe(200);
    const household = res.json<AdminUsageReply>();
    expect(household.items).toEqual([
      expect.objectContaining({
        user: { id: w.user.id, username: w.user.username, displayName: w.user.displayName },
        api: { requests: 1, promptTokens: 100, completionTokens: 50 },
        all: { requests: 1, promptTokens: 100, completionTokens: 50 },
      }),
    ]);
    expect(household.totals.all.requests).toBe(1);
    expect(household.to).toBe(today());
  });

  it('refuses a bad range with 400 naming days', async () => {
    for (const days of ['0', '367', 'lots']) {
      const res = await w.t.app.inject({ method: 'GET', url: `/api/me/usage?days=${days}`, headers: bearer() });
      expect(res.statusCode).toBe(400);
      expect(res.json().error).toMatchObject({ code: 'validation_failed', field: 'days' });
    }
  });
});
