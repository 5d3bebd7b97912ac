/**
 * Parent side of the bench's child processes (Hearth, the fake model server): fork a TypeScript
 * file through tsx, wait for its `ready` message, ask it its memory use over IPC, stop it.
 */
import { fork, type ChildProcess } from 'node:child_process';
import type http from 'node:http';
import type { AddressInfo } from 'node:net';

/** Messages every bench child understands. */
export type ChildRequest = { type: 'rss' } | { type: 'stop' };
/** Messages every bench child sends. */
export type ChildReply<Ready> =
  { type: 'ready'; info: Ready } | { type: 'rss'; rss: number } | { type: 'failed'; error: string };

export type BenchChild<Ready> = {
  info: Ready;
  pid: number;
  /** Resident set size of the child, in bytes. */
  rss(): Promise<number>;
  /** Asks the child to close cleanly and waits for it to exit. */
  stop(): Promise<void>;
};

/** How a child is started. */
export type ChildOptions = {
  extraExecArgv?: string[];
  readyTimeoutMs?: number;
  /** The child's working directory (another checkout, for an A/B run); this process's by default. */
  cwd?: string;
};

/** Forks `file` with tsx, passing `options` as JSON in argv[2]; resolves once it is ready. */
export async function startChild<Ready>(
  file: string,
  options: unknown,
  { extraExecArgv = [], readyTimeoutMs = 60_000, cwd }: ChildOptions = {},
): Promise<BenchChild<Ready>> {
  const child = fork(file, [JSON.stringify(options)], {
    execArgv: ['--import', 'tsx', ...extraExecArgv],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    ...(cwd ? { cwd } : {}),
  });
  const info = await new Promise<Ready>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`${file} was not ready within ${readyTimeoutMs} ms`));
    }, readyTimeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${file} exited with code ${code} before it was ready`));
    });
    child.on('message', (msg: ChildReply<Ready>) => {
      if (msg.type === 'ready') {
        clearTimeout(timer);
        resolve(msg.info);
      } else if (msg.type === 'failed') {
        clearTimeout(timer);
        reject(new Error(`${file}: ${msg.error}`));
      }
    });
  });
  return {
    info,
    pid: child.pid!,
    rss: () => ask(child, { type: 'rss' }).then((m) => (m.type === 'rss' ? m.rss : Number.NaN)),
    stop: () => stopChild(child),
  };
}

/** One request, one reply: the parent never has two questions out to the same child. */
function ask(child: ChildProcess, request: ChildRequest): Promise<ChildReply<unknown>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`child did not answer ${request.type}`)), 30_000);
    child.once('message', (msg: ChildReply<unknown>) => {
      clearTimeout(timer);
      resolve(msg);
    });
    child.send(request);
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.send({ type: 'stop' } satisfies ChildRequest);
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

/**
 * Child side: announce readiness, answer `rss`, run `close` then exit on `stop` or when the
 * parent goes away (so a crashed bench never leaves servers behind).
 */
export function serveParent<Ready>(info: Ready, close: () => Promise<void>): void {
  const send = process.send?.bind(process);
  if (!send) throw new Error('run this file through test/bench/run.ts (it needs an IPC channel)');
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.on('message', (msg: ChildRequest) => {
    switch (msg.type) {
      case 'rss':
        send({ type: 'rss', rss: process.memoryUsage().rss } satisfies ChildReply<Ready>);
        break;
      case 'stop':
        stop();
        break;
    }
  });
  process.on('disconnect', stop);
  send({ type: 'ready', info } satisfies ChildReply<Ready>);
}

/** Child side: report a startup failure to the parent and exit non-zero. */
export function failToParent(err: unknown): void {
  const error = err instanceof Error ? (err.stack ?? err.message) : String(err);
  const message: ChildReply<never> = { type: 'failed', error };
  // Exit only once the message is flushed, or the parent sees a bare exit code.
  if (process.send) process.send(message, undefined, {}, () => process.exit(1));
  else process.exit(1);
}

/**
 * Child side of a relay: listens on a free loopback port, reports the OpenAI base URL that leads
 * through it, and on `stop` closes every connection.
 */
export async function serveRelayToParent(server: http.Server): Promise<void> {
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  serveParent<{ openaiBaseUrl: string }>({ openaiBaseUrl: `http://127.0.0.1:${port}/v1` }, async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
}
