/**
 * WAL checkpoints off the event loop.
 *
 * Why: by default SQLite checkpoints inside the commit that pushes the write-ahead log past
 * 1,000 pages: that commit copies the pages into the database file and syncs it, holding the
 * one event loop for several to tens of milliseconds, and every streaming reply's next token
 * waits. Hearth turns that off on its connection and lets a worker thread with a connection of
 * its own run PASSIVE checkpoints instead, which never block the app's reads or writes.
 *
 * The worker starts only once the log has grown past the schedule's `startBytes` (checked with an async stat,
 * which runs on libuv's pool): a small or idle database never pays for a thread.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** When checkpoints run: how often the log's size is looked at, and the size that starts one. */
export type CheckpointSchedule = { checkMs: number; startBytes: number };

/** Once a second; from SQLite's own threshold, 1,000 pages of 4 KiB. */
const DEFAULT_SCHEDULE: CheckpointSchedule = { checkMs: 1000, startBytes: 1000 * 4096 };

/** The worker: CommonJS, run with `eval`, so the server bundle needs no second entry file. */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('busy_timeout = 1000');
parentPort.on('message', (message) => {
  if (message === 'checkpoint') {
    try {
      db.pragma('wal_checkpoint(PASSIVE)');
    } catch {
      // Busy or locked: the next round tries again.
    }
  } else if (message === 'stop') {
    db.close();
    parentPort.close();
  }
});
`;

/**
 * Runs the checkpoints of one database file; `stop()` before the app's connection closes. If
 * the worker fails, it stops and calls `onFailure`, which hands checkpoints back to SQLite.
 */
export class Checkpointer {
  private worker: Worker | null = null;
  private readonly timer: NodeJS.Timeout;
  private checking = false;
  private stopped = false;

  constructor(
    private readonly file: string,
    private readonly onFailure: (err: unknown) => void,
    private readonly schedule: CheckpointSchedule = DEFAULT_SCHEDULE,
  ) {
    this.timer = setInterval(() => void this.check(), schedule.checkMs);
    this.timer.unref();
  }

  /** Ends the worker (if one started) and the timer. */
  stop(): void {
    this.stopped = true;
    clearInterval(this.timer);
    this.worker?.postMessage('stop');
    this.worker = null;
  }

  private async check(): Promise<void> {
    if (this.checking || this.stopped) return;
    this.checking = true;
    try {
      const { size } = await fs.promises.stat(`${this.file}-wal`);
      if (size >= this.schedule.startBytes && !this.stopped) this.ensureWorker().postMessage('checkpoint');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') this.fail(err);
    } finally {
      this.checking = false;
    }
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { driver, file: this.file } });
    // Never what keeps the process alive.
    worker.unref();
    worker.on('error', (err) => this.fail(err));
    this.worker = worker;
    return worker;
  }

  private fail(err: unknown): void {
    if (this.stopped) return;
    this.stop();
    this.onFailure(err);
  }
}
