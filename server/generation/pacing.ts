/**
 * Pacing for requests that start a reply, so a burst of them cannot stall the replies already
 * streaming.
 *
 * Why: everything a send does before its upstream request leaves (auth, reads, the SDK building
 * the request) is synchronous work chained through promises; SQLite calls do not yield. When a
 * hundred sends arrive together, Node would run all of them back to back before it looked at
 * a socket again, and every running stream's next token would wait the whole time. Here each
 * start takes a turn: at most one per event-loop iteration, and between turns the loop reads
 * the sockets, so a token waits for one send's work at most, never for a hundred.
 *
 * A request that finds no one ahead of it in this iteration goes at once: a lone send pays
 * nothing.
 */
import type { FastifyInstance } from 'fastify';
import { routeFacts } from '#server/security/route-config';

/** Hands out turns: one per event-loop iteration, first come first served. */
export class Pacer {
  private readonly waiting: Array<() => void> = [];
  /** A turn was given in this iteration (a setImmediate will hand out the next). */
  private busy = false;

  /** Resolves when it is the caller's turn: at once when nobody else had one this iteration. */
  turn(): Promise<void> | undefined {
    if (!this.busy) {
      this.busy = true;
      setImmediate(this.next);
      return undefined;
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** Callers waiting for a turn. */
  get queued(): number {
    return this.waiting.length;
  }

  private readonly next = (): void => {
    const resolve = this.waiting.shift();
    if (!resolve) {
      this.busy = false;
      return;
    }
    // The caller's work runs in the microtasks right after this callback; the next turn is in
    // the next iteration's check phase, after that iteration's I/O.
    resolve();
    setImmediate(this.next);
  };
}

/** Makes every request to a route with `config: { paced: true }` wait for its turn before anything else runs. */
export function registerPacing(app: FastifyInstance, pacer = new Pacer()): Pacer {
  app.addHook('onRequest', (request, _reply, done) => {
    const wait = routeFacts(request).paced === true ? pacer.turn() : undefined;
    if (wait) void wait.then(() => done());
    else done();
  });
  return pacer;
}
