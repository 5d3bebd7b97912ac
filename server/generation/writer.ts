/**
 * Write-behind for streamed replies. Every running reply saves its text twice a second and once
 * at the end; with 100 replies started together those writes come due together. SQLite writes
 * are synchronous, so running them back to back would hold up every stream's next token for the
 * whole batch. Here they run in short slices with the event loop free in between, and a newer
 * write for a message replaces a queued one (only the latest text matters).
 */
import { performance } from 'node:perf_hooks';

/** How long one slice of writes may hold the event loop. */
const SLICE_MS = 1;

type Job = { write: () => Promise<void>; done: (() => void)[] };

/** Runs queued writes in order, one at a time, in slices of at most SLICE_MS. */
export class WriteQueue {
  /** Insertion-ordered: a replaced job keeps its place in the line. */
  private readonly pending = new Map<string, Job>();
  private scheduled = false;

  /** `onError` hears of a failed write (which is otherwise dropped: the next one may succeed). */
  constructor(private readonly onError: (err: unknown) => void) {}

  /**
   * Queues `write` for `key`, replacing a write for the same key that has not started. Resolves
   * once it (or a later replacement) has run; a failed write is logged, never thrown.
   */
  enqueue(key: string, write: () => Promise<void>): Promise<void> {
    return new Promise((resolve) => {
      const queued = this.pending.get(key);
      if (queued) {
        queued.write = write;
        queued.done.push(resolve);
      } else {
        this.pending.set(key, { write, done: [resolve] });
      }
      this.schedule();
    });
  }

  /** Writes waiting to run. */
  get size(): number {
    return this.pending.size;
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    // setImmediate: after the pending I/O (tokens) of this loop turn has been handled.
    setImmediate(() => void this.drain());
  }

  private async drain(): Promise<void> {
    const started = performance.now();
    for (const [key, job] of this.pending) {
      this.pending.delete(key);
      try {
        await job.write();
      } catch (err) {
        this.onError(err);
      }
      for (const resolve of job.done) resolve();
      if (performance.now() - started >= SLICE_MS) break;
    }
    this.scheduled = false;
    if (this.pending.size > 0) this.schedule();
  }
}
