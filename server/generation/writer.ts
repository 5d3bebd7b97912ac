/**
 * Write-behind for streamed replies. Every running reply saves its new rows when it starts,
 * its text twice a second, its final state and its usage at the end; with 100 replies started
 * together those writes come due together. SQLite writes are synchronous, so running them back
 * to back would hold up every stream's next token for the whole batch, and each on its own
 * would pay for its own commit (the costliest part of a small write).
 *
 * Here they run in short slices with the event loop free in between; each slice is one
 * transaction, so one commit is shared by every write in it. A newer write for a key replaces
 * a queued one (only the latest text matters). If a write fails, its slice is rolled back and
 * each of the slice's writes runs again on its own, so only the failing one fails. A new
 * reply's first rows go ahead of the line: its stream waits for them, the others do not.
 */
import { performance } from 'node:perf_hooks';
import type { Db } from '#server/db/database';

/** How long one slice of writes may hold the event loop. */
const SLICE_MS = 1;

/** A write: runs its statements on `db` (the slice's transaction). */
export type Write = (db: Db) => Promise<void>;

type Waiter = { resolve: () => void; reject: (err: unknown) => void; quiet: boolean };
type Job = { write: Write; waiters: Waiter[] };

/** Runs queued writes in order, one at a time, in slices of at most SLICE_MS, each a transaction. */
export class WriteQueue {
  /** Insertion-ordered: a replaced job keeps its place in the line. */
  private readonly pending = new Map<string, Job>();
  /** Writes someone is waiting on (`write`): they run before any of `pending`. */
  private readonly urgent = new Map<string, Job>();
  private scheduled = false;

  /** `onError` hears of a failed write queued with `enqueue` (which is otherwise dropped). */
  constructor(
    private readonly db: Db,
    private readonly onError: (err: unknown) => void,
  ) {}

  /**
   * Queues `write` for `key`, replacing a write for the same key that has not started. Resolves
   * once it (or a later replacement) has been committed; a failed write is logged, never thrown.
   */
  enqueue(key: string, write: Write): Promise<void> {
    return this.add(this.pending, key, write, true);
  }

  /**
   * A write someone waits on: it goes ahead of the `enqueue`d ones, and a failure rejects the
   * promise instead of being logged.
   */
  write(key: string, write: Write): Promise<void> {
    return this.add(this.urgent, key, write, false);
  }

  /** Writes waiting to run. */
  get size(): number {
    return this.pending.size + this.urgent.size;
  }

  private add(line: Map<string, Job>, key: string, write: Write, quiet: boolean): Promise<void> {
    return new Promise((resolve, reject) => {
      const waiter = { resolve, reject, quiet };
      const queued = line.get(key);
      if (queued) {
        queued.write = write;
        queued.waiters.push(waiter);
      } else {
        line.set(key, { write, waiters: [waiter] });
      }
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    // setImmediate: after the pending I/O (tokens, upstream requests) of this loop turn.
    setImmediate(() => void this.drain());
  }

  private async drain(): Promise<void> {
    const slice: Job[] = [];
    try {
      await this.db.transaction().execute(async (trx) => {
        const started = performance.now();
        for (const job of this.inOrder()) {
          slice.push(job);
          await job.write(trx);
          if (performance.now() - started >= SLICE_MS) break;
        }
      });
      for (const job of slice) settle(job, null);
    } catch {
      // Rolled back: each write again on its own, so one bad write does not sink the others.
      // If the transaction could not even start, take one write, so every drain makes progress.
      if (slice.length === 0) slice.push(...this.takeOne());
      for (const job of slice) {
        try {
          await job.write(this.db);
          settle(job, null);
        } catch (err) {
          settle(job, err, this.onError);
        }
      }
    }
    this.scheduled = false;
    if (this.size > 0) this.schedule();
  }

  /** Takes the queued jobs off the line one by one: the urgent ones first, then the rest. */
  private *inOrder(): Generator<Job> {
    for (const line of [this.urgent, this.pending]) {
      for (const [key, job] of line) {
        line.delete(key);
        yield job;
      }
    }
  }

  /** Removes and returns the next queued job (none when the queue is empty). */
  private takeOne(): Job[] {
    for (const job of this.inOrder()) return [job];
    return [];
  }
}

/** Tells a job's waiters how it went: quiet ones resolve either way (the error is logged once). */
function settle(job: Job, err: unknown, onError?: (err: unknown) => void): void {
  if (err !== null && job.waiters.some((w) => w.quiet)) onError?.(err);
  for (const waiter of job.waiters) {
    if (err === null || waiter.quiet) waiter.resolve();
    else waiter.reject(err);
  }
}
