/**
 * Parent side of the bench's child processes (Hearth, the fake model server): fork a TypeScript
 * file through tsx, wait for its `ready` message, ask it questions over IPC, stop it.
 */
import { execFile, execFileSync, fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Session } from 'node:inspector/promises';

/** Messages every bench child understands. */
export type ChildRequest = { type: 'rss' } | { type: 'profile-start' } | { type: 'profile-stop'; file: string } | { type: 'stop' };
/** Messages every bench child sends. */
export type ChildReply<Ready> =
  | { type: 'ready'; info: Ready }
  | { type: 'rss'; rss: number }
  | { type: 'ok' }
  | { type: 'failed'; error: string };

export type BenchChild<Ready> = {
  info: Ready;
  pid: number;
  /** Resident set size of the child, in bytes. */
  rss(): Promise<number>;
  /** Starts sampling the child's CPU (V8 profiler, 100 µs interval). */
  startProfile(): Promise<void>;
  /** Stops sampling and has the child write the profile to `file` (.cpuprofile JSON). */
  stopProfile(file: string): Promise<void>;
  /** Asks the child to close cleanly and waits for it to exit. */
  stop(): Promise<void>;
};

/** How a child is started. */
export type ChildOptions = {
  extraExecArgv?: string[];
  readyTimeoutMs?: number;
  /** Every thread of the child on these cores (taskset -c), from its start. */
  cpus?: string;
  /**
   * Only the child's main thread (its event loop) on this core, once it is ready. Its other
   * threads keep the affinity the child inherited from this process (which the bench pins), or
   * `otherThreadsCpu`.
   */
  eventLoopCpu?: string;
  /**
   * With `eventLoopCpu`: where every other thread of the child goes, including the ones it
   * starts later (a thread inherits the affinity of the thread that starts it, so a worker
   * started by the pinned event loop, such as the WAL checkpointer, would share its core).
   */
  otherThreadsCpu?: string;
};

/** How often a pinned child's thread list is looked at for threads it started since. */
const THREAD_WATCH_MS = 100;

/**
 * Moves every thread of `pid` but its main one to `cpus`, now and whenever it starts another.
 * Returns the function that stops watching.
 */
function pinOtherThreads(pid: number, cpus: string): () => void {
  const seen = new Set<string>([String(pid)]);
  // Asynchronous: this runs in the load client, whose event loop stamps the token arrivals.
  const look = () =>
    void fs.promises.readdir(`/proc/${pid}/task`).then(
      (tids) => {
        for (const tid of tids) {
          if (seen.has(tid)) continue;
          seen.add(tid);
          execFile('taskset', ['-p', '-c', cpus, tid], () => {});
        }
      },
      () => {}, // exited, or no /proc: nothing to move
    );
  look();
  const timer = setInterval(look, THREAD_WATCH_MS);
  timer.unref();
  return () => clearInterval(timer);
}

/** Forks `file` with tsx, passing `options` as JSON in argv[2]; resolves once it is ready. */
export async function startChild<Ready>(
  file: string,
  options: unknown,
  { extraExecArgv = [], readyTimeoutMs = 60_000, cpus, eventLoopCpu, otherThreadsCpu }: ChildOptions = {},
): Promise<BenchChild<Ready>> {
  const nodeArgs = ['--import', 'tsx', ...extraExecArgv];
  const child = fork(file, [JSON.stringify(options)], {
    // taskset execs node in place, keeping the IPC channel's descriptor and environment.
    ...(cpus ? { execPath: 'taskset', execArgv: ['-c', cpus, process.execPath, ...nodeArgs] } : { execArgv: nodeArgs }),
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
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
  // Without -a, taskset sets the affinity of the one thread whose id is the pid: the main thread.
  if (eventLoopCpu) execFileSync('taskset', ['-p', '-c', eventLoopCpu, String(child.pid)], { stdio: 'ignore' });
  const stopWatching = eventLoopCpu && otherThreadsCpu ? pinOtherThreads(child.pid!, otherThreadsCpu) : () => {};
  return {
    info,
    pid: child.pid!,
    rss: () => ask(child, { type: 'rss' }).then((m) => (m.type === 'rss' ? m.rss : Number.NaN)),
    startProfile: () => ask(child, { type: 'profile-start' }).then(expectOk),
    stopProfile: (file) => ask(child, { type: 'profile-stop', file }).then(expectOk),
    stop: () => {
      stopWatching();
      return stopChild(child);
    },
  };
}

function expectOk(reply: ChildReply<unknown>): void {
  if (reply.type === 'failed') throw new Error(reply.error);
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
  let inspector: Session | null = null;
  const reply = (work: Promise<void>) =>
    work.then(
      () => send({ type: 'ok' } satisfies ChildReply<Ready>),
      (err: unknown) => send({ type: 'failed', error: String(err) } satisfies ChildReply<Ready>),
    );
  process.on('message', (msg: ChildRequest) => {
    switch (msg.type) {
      case 'rss':
        send({ type: 'rss', rss: process.memoryUsage().rss } satisfies ChildReply<Ready>);
        break;
      case 'profile-start':
        void reply(
          (async () => {
            inspector = new Session();
            inspector.connect();
            await inspector.post('Profiler.enable');
            await inspector.post('Profiler.setSamplingInterval', { interval: 100 });
            await inspector.post('Profiler.start');
          })(),
        );
        break;
      case 'profile-stop':
        void reply(
          (async () => {
            if (!inspector) throw new Error('no profile running');
            const { profile } = await inspector.post('Profiler.stop');
            inspector.disconnect();
            inspector = null;
            fs.writeFileSync(msg.file, JSON.stringify(profile));
          })(),
        );
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
 * through it, and on `stop` closes every connection, then runs `cleanup`.
 */
export async function serveRelayToParent(server: http.Server, cleanup: () => void = () => {}): Promise<void> {
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  serveParent<{ openaiBaseUrl: string }>({ openaiBaseUrl: `http://127.0.0.1:${port}/v1` }, async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    cleanup();
  });
}
