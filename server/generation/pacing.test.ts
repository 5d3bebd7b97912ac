import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routeTable } from '#server/security/index';
import { createTestApp, type TestApp } from '#test/helpers';
import { Pacer } from './pacing';

/** Counts event-loop iterations: one setImmediate after another. */
function iterationCounter() {
  let count = 0;
  let running = true;
  const step = () => {
    count++;
    if (running) setImmediate(step);
  };
  setImmediate(step);
  return {
    get now() {
      return count;
    },
    stop: () => (running = false),
  };
}

describe('Pacer', () => {
  it('lets a lone caller go at once', () => {
    expect(new Pacer().turn()).toBeUndefined();
  });

  it('gives the callers of one burst their turns one event-loop iteration apart, in order', async () => {
    const pacer = new Pacer();
    const loop = iterationCounter();
    const turns: { who: number; at: number }[] = [];
    expect(pacer.turn()).toBeUndefined();
    const waits = [1, 2, 3].map((who) => pacer.turn()!.then(() => turns.push({ who, at: loop.now })));
    expect(pacer.queued).toBe(3);
    await Promise.all(waits);
    loop.stop();
    expect(turns.map((t) => t.who)).toEqual([1, 2, 3]);
    for (let i = 1; i < turns.length; i++) expect(turns[i]!.at).toBeGreaterThan(turns[i - 1]!.at);
  });

  it('is free again once the burst has passed', async () => {
    const pacer = new Pacer();
    expect(pacer.turn()).toBeUndefined();
    await pacer.turn();
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    expect(pacer.turn()).toBeUndefined();
  });
});

describe('paced routes', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t.close());

  it('are exactly the routes that start a reply (each says `paced: true` itself)', () => {
    const paced = routeTable(t.app)
      .filter((r) => r.facts.paced === true)
      .map((r) => `${r.method} ${r.url}`)
      .sort();
    // The chat-send rate-limit class marks the same routes: a reply-starting route has both.
    const sends = routeTable(t.app)
      .filter((r) => r.facts.rateLimitClass === 'chat')
      .map((r) => `${r.method} ${r.url}`)
      .sort();
    expect(paced).toEqual([
      'POST /api/conversations/:id/messages',
      'POST /api/messages/:id/edit',
      'POST /api/messages/:id/regenerate',
      'POST /v1/chat/completions',
    ]);
    expect(paced).toEqual(sends);
  });
});
