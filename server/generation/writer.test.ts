import { describe, expect, it } from 'vitest';
import { WriteQueue } from './writer';

const silent = () => {};

describe('WriteQueue', () => {
  it('runs writes in order, one at a time, and a newer write for a key replaces a queued one', async () => {
    const queue = new WriteQueue(silent);
    const ran: string[] = [];
    const write = (name: string) => async () => {
      ran.push(`start ${name}`);
      await new Promise((r) => setTimeout(r, 1));
      ran.push(`end ${name}`);
    };
    const a1 = queue.enqueue('a', write('a1'));
    const b = queue.enqueue('b', write('b'));
    const a2 = queue.enqueue('a', write('a2')); // replaces a1 before it ran; keeps a's place
    await Promise.all([a1, b, a2]);
    expect(ran).toEqual(['start a2', 'end a2', 'start b', 'end b']);
  });

  it('keeps going after a failed write, and resolves its waiters', async () => {
    const errors: unknown[] = [];
    const queue = new WriteQueue((err) => errors.push(err));
    const ran: string[] = [];
    const failed = queue.enqueue('x', async () => {
      throw new Error('disk full');
    });
    const next = queue.enqueue('y', async () => {
      ran.push('y');
    });
    await Promise.all([failed, next]);
    expect(ran).toEqual(['y']);
    expect(errors).toHaveLength(1);
    expect(queue.size).toBe(0);
  });

  it('lets I/O run between slices of a long batch', async () => {
    const queue = new WriteQueue(silent);
    let timerFiredAfter = -1;
    let done = 0;
    const busy = () => {
      const until = performance.now() + 2; // each write holds the loop for 2 ms
      while (performance.now() < until);
    };
    const writes = Array.from({ length: 20 }, (_, i) => queue.enqueue(`k${i}`, async () => (busy(), void done++)));
    setTimeout(() => (timerFiredAfter = done), 0);
    await Promise.all(writes);
    expect(timerFiredAfter).toBeGreaterThanOrEqual(0);
    expect(timerFiredAfter).toBeLessThan(20);
  });
});
