/**
 * Runs validated catalogue queries in a warm child process (see query-child.ts), one at a time,
 * on a read-only connection to the catalogue file alone, with a row limit and a time limit: a
 * query still running at the deadline has its process killed (the only way to stop a native
 * SQLite call), and the next query starts a fresh one.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import type { ToolRefusal } from '#common/conversations';
import { CHILD_HEAP_MB, childSource, type ChildReply, type ChildRequest } from './query-child';

/** What a catalogue query gives back (API.md: the `result` of `query_music_library`). */
export type QueryResult = { columns: string[]; rows: unknown[][]; rowCount: number; truncated: boolean };

/** A query's outcome: its rows, or why it gave none. */
export type QueryOutcome = { result: QueryResult } | { refused: ToolRefusal };

/** Limits of one query. */
export type RunnerOptions = { maxRows?: number; timeoutMs?: number };

const sqlitePath = createRequire(import.meta.url).resolve('better-sqlite3');

/** A runner bound to one catalogue file; `close()` ends its child process. */
export class CatalogueQueryRunner {
  readonly maxRows: number;
  readonly timeoutMs: number;
  private child: ChildProcess | undefined;
  private nextId = 1;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly file: string,
    options: RunnerOptions = {},
  ) {
    this.maxRows = options.maxRows ?? 200;
    this.timeoutMs = options.timeoutMs ?? 2000;
  }

  /** Runs one (already validated) query; queries wait their turn. */
  run(sql: string, signal?: AbortSignal): Promise<QueryOutcome> {
    const next = this.queue.then(() => this.runNow(sql, signal));
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Ends the child process (a later `run` starts a new one). */
  close(): void {
    this.child?.kill('SIGKILL');
    this.child = undefined;
  }

  private spawnChild(): ChildProcess {
    const child = spawn(
      process.execPath,
      [`--max-old-space-size=${CHILD_HEAP_MB}`, '-e', childSource(sqlitePath, this.file)],
      {
        stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      },
    );
    child.stderr?.resume(); // drained, so a noisy child never blocks on a full pipe
    child.once('exit', () => {
      if (this.child === child) this.child = undefined;
    });
    return child;
  }

  private runNow(sql: string, signal?: AbortSignal): Promise<QueryOutcome> {
    if (signal?.aborted) return Promise.resolve({ refused: { code: 'stopped', message: 'The reply was stopped.' } });
    const child = (this.child ??= this.spawnChild());
    const id = this.nextId++;
    return new Promise((resolve) => {
      const finish = (outcome: QueryOutcome, kill: boolean) => {
        clearTimeout(timer);
        child.off('message', onMessage);
        child.off('exit', onExit);
        signal?.removeEventListener('abort', onAbort);
        if (kill) this.close();
        resolve(outcome);
      };
      const onMessage = (reply: ChildReply) => {
        if (reply.id !== id) return;
        if (!reply.ok) return finish({ refused: { code: 'sql_error', message: reply.message } }, false);
        const { columns, rows, truncated } = reply;
        finish({ result: { columns, rows, rowCount: rows.length, truncated } }, false);
      };
      const onExit = () =>
        finish({ refused: { code: 'runner_failed', message: 'The query process ended before answering.' } }, false);
      const onAbort = () => finish({ refused: { code: 'stopped', message: 'The reply was stopped.' } }, true);
      const seconds = this.timeoutMs / 1000;
      const timer = setTimeout(
        () =>
          finish(
            { refused: { code: 'timeout', message: `The query ran longer than ${seconds} s and was stopped.` } },
            true,
          ),
        this.timeoutMs,
      );
      child.on('message', onMessage);
      child.once('exit', onExit);
      signal?.addEventListener('abort', onAbort, { once: true });
      child.send({ id, sql, maxRows: this.maxRows } satisfies ChildRequest);
    });
  }
}
