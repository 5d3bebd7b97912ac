import { afterEach, describe, expect, it } from 'vitest';
import { AWAY_AFTER_MS, MemoryPresenceStore, OFFLINE_AFTER_MS, type PresenceChange } from './presence';

let store: MemoryPresenceStore;
afterEach(() => store.close());

/** A store on a fake clock, recording every change. */
function setup() {
  let now = 1_000_000;
  store = new MemoryPresenceStore(() => now, 0);
  const changes: Array<Omit<PresenceChange, 'at'>> = [];
  store.onChange(({ userId, presence }) => changes.push({ userId, presence }));
  return {
    changes,
    /** Lets `ms` pass in 25 s steps (the client's ping), the `alive` sockets pinging at each. */
    advance: async (ms: number, alive: string[] = []) => {
      for (let left = ms; left > 0; left -= 25_000) {
        now += Math.min(left, 25_000);
        for (const id of alive) await store.heartbeat(id);
        await store.sweep();
      }
    },
    of: async (userId: string) => (await store.presenceOf([userId])).get(userId),
  };
}

describe('presence store (fake clock)', () => {
  it('goes online → away after 5 minutes without input → online on input → offline on close', async () => {
    const { changes, advance, of } = setup();
    await store.connect('s1', 'ann');
    expect(await of('ann')).toBe('online');
    await advance(AWAY_AFTER_MS - 1_000, ['s1']); // heartbeats keep the socket, not the person, active
    expect(await of('ann')).toBe('online');
    await advance(2_000, ['s1']);
    expect(await of('ann')).toBe('away');
    await store.active('s1');
    expect(await of('ann')).toBe('online');
    await store.disconnect('s1');
    expect(await of('ann')).toBe('offline');
    expect(changes.map((c) => c.presence)).toEqual(['online', 'away', 'online', 'offline']);
  });

  it('counts several tabs as one person: the most active tab wins, offline when the last goes', async () => {
    const { changes, advance, of } = setup();
    await store.connect('tab1', 'ben');
    await store.connect('tab2', 'ben');
    const tabs = ['tab1', 'tab2'];
    await advance(AWAY_AFTER_MS / 2, tabs);
    await store.active('tab2'); // the other tab is hidden: it sends no input
    await advance(AWAY_AFTER_MS / 2 + 1_000, tabs);
    expect(await of('ben')).toBe('online');
    await store.disconnect('tab2');
    expect(await of('ben')).toBe('away');
    await store.disconnect('tab1');
    expect(await of('ben')).toBe('offline');
    expect(changes).toEqual([
      { userId: 'ben', presence: 'online' },
      { userId: 'ben', presence: 'away' },
      { userId: 'ben', presence: 'offline' },
    ]);
  });

  it('drops a socket not heard from in ~75 s (its process died without saying so)', async () => {
    const { advance, of } = setup();
    await store.connect('s1', 'cy');
    await advance(OFFLINE_AFTER_MS * 2, ['s1']);
    expect(await of('cy')).toBe('online');
    await advance(OFFLINE_AFTER_MS - 10_000);
    expect(await of('cy')).toBe('online');
    await advance(15_000);
    expect(await of('cy')).toBe('offline');
    await store.heartbeat('s1'); // too late: a forgotten socket does not come back by itself
    expect(await of('cy')).toBe('offline');
    expect(await of('nobody')).toBe('offline');
  });
});
