import { describe, expect, it } from 'vitest';
import { FairScheduler, serverOf, type Slot, type SlotRequest } from './scheduler';

/** A scheduler with fixed limits: members at `memberLimit` unless listed, servers at `serverLimit`. */
function scheduler(serverLimit: number | null, memberLimit: Record<string, number> = {}) {
  return new FairScheduler({ member: (u) => memberLimit[u] ?? 1, server: () => serverLimit });
}

/** Requests a slot and records when it was granted (into `started`) and the positions it was told. */
function request(s: FairScheduler, started: string[], name: string, req: Partial<SlotRequest> = {}) {
  const positions: number[] = [];
  const userId = name.split('#')[0]!;
  const granted = s.acquire({ userId, serverId: 'gpu', onPosition: (p) => positions.push(p), ...req }).then((slot) => {
    if (slot) started.push(name);
    return slot;
  });
  return { name, positions, granted };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('the fair queue', () => {
  it('serves members round robin, never first-come-first-served by volume', async () => {
    const s = scheduler(2);
    const started: string[] = [];
    const held: Slot[] = [];
    const all: ReturnType<typeof request>[] = [];
    // Five members send three each, member by member (the heaviest sender first).
    for (const u of ['a', 'b', 'c', 'd', 'e'])
      for (const n of [1, 2, 3]) {
        const r = request(s, started, `${u}#${n}`);
        void r.granted.then((slot) => slot && held.push(slot));
        all.push(r);
      }
    await tick();
    expect(started).toEqual(['a#1', 'b#1']);
    // While sends arrive, a newcomer's first goes ahead of others' thirds; from here on, places only move up.
    const arrived = all.map((r) => r.positions.length);
    // Finish the oldest running one at a time, until all fifteen ran.
    while (held.length > 0) {
      held.shift()!.release();
      await tick();
      expect(s.runningCount()).toBeLessThanOrEqual(2);
    }
    expect(started).toHaveLength(15);
    // Rounds: nobody's second before everyone's first, nobody's third before everyone's second.
    const rounds = started.map((n) => Number(n.split('#')[1]));
    expect(rounds).toEqual([1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3]);
    expect(s.waitingCount()).toBe(0);
    expect(s.runningCount()).toBe(0);
    // Positions only went down, down to 0 before the turn came, for every request that waited.
    all.forEach((r, i) => {
      if (r.name === 'a#1' || r.name === 'b#1') return expect(r.positions).toEqual([]);
      const later = r.positions.slice(arrived[i]! - 1);
      expect(later.length).toBeGreaterThan(0);
      expect(later).toEqual([...later].sort((x, y) => y - x));
      expect(later.at(-1)).toBe(0);
    });
    // The last to arrive is last in line: 12 ahead of it (13 waiting).
    expect(all.find((r) => r.name === 'e#3')!.positions).toEqual([12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0]);
  });

  it('cancelling a waiting request frees its place: the ones behind move up', async () => {
    const s = scheduler(1);
    const started: string[] = [];
    const controller = new AbortController();
    const first = request(s, started, 'a#1');
    const second = request(s, started, 'b#1', { signal: controller.signal });
    const third = request(s, started, 'c#1');
    await tick();
    expect(second.positions).toEqual([0]);
    expect(third.positions).toEqual([1]);
    controller.abort();
    expect(await second.granted).toBeNull();
    expect(third.positions).toEqual([1, 0]);
    (await first.granted)!.release();
    await tick();
    expect(started).toEqual(['a#1', 'c#1']);
  });

  it('a released slot goes to the next in line at once (same tick)', async () => {
    const s = scheduler(1);
    const started: string[] = [];
    const first = request(s, started, 'a#1');
    const second = request(s, started, 'b#1');
    const slot = (await first.granted)!;
    await tick();
    expect(s.waitingCount()).toBe(1);
    slot.release();
    slot.release(); // idempotent: frees one slot only
    // Handed over inside release(), before anything else runs.
    expect(s.waitingCount()).toBe(0);
    expect(s.runningCount()).toBe(1);
    expect(await second.granted).not.toBeNull();
  });

  it("a member's own limit holds even when the server is free; a raised limit lets two run", async () => {
    const limits: Record<string, number> = {};
    const s = new FairScheduler({ member: (u) => limits[u] ?? 1, server: () => null });
    const started: string[] = [];
    request(s, started, 'a#1');
    const second = request(s, started, 'a#2');
    await tick();
    expect(started).toEqual(['a#1']);
    expect(second.positions).toEqual([0]);
    limits.a = 2;
    await s.refreshMember('a');
    await tick();
    expect(started).toEqual(['a#1', 'a#2']);
  });

  it('background work waits while any member waits for its server, and does not count against the member', async () => {
    const s = scheduler(1);
    const started: string[] = [];
    const a1 = request(s, started, 'a#1');
    const title = request(s, started, 'a#title', { background: true });
    const b1 = request(s, started, 'b#1');
    await tick();
    expect(started).toEqual(['a#1']);
    expect(title.positions).toEqual([]); // background work is not told a place
    (await a1.granted)!.release();
    await tick();
    expect(started).toEqual(['a#1', 'b#1']); // the member before the title, though it came later
    (await b1.granted)!.release();
    await tick();
    expect(started).toEqual(['a#1', 'b#1', 'a#title']);
    // The title holds the server's slot, but not a's own: a's next send waits for the server only.
    const a2 = request(s, started, 'a#2');
    await tick();
    expect(a2.positions).toEqual([0]);
    (await title.granted)!.release();
    await tick();
    expect(started.at(-1)).toBe('a#2');
  });

  it('servers are counted apart; a limit that cannot be read falls back to the default', async () => {
    const s = new FairScheduler({
      member: () => Promise.reject(new Error('database down')),
      server: (id) => (id === 'small' ? 1 : null),
    });
    const started: string[] = [];
    request(s, started, 'a#1', { serverId: 'small' });
    request(s, started, 'b#1', { serverId: 'small' });
    request(s, started, 'c#1', { serverId: 'big' });
    await tick();
    expect(started).toEqual(['a#1', 'c#1']);
  });

  it('close ends every wait with null', async () => {
    const s = scheduler(1);
    const started: string[] = [];
    request(s, started, 'a#1');
    const waiting = request(s, started, 'b#1');
    await tick();
    s.close();
    expect(await waiting.granted).toBeNull();
  });

  it('reads the server of a model id', () => {
    expect(serverOf('env-1/fake-model')).toBe('env-1');
    expect(serverOf('ollama/library/llama3:8b')).toBe('ollama');
    expect(serverOf(undefined)).toBe('');
  });
});
