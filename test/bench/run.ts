/**
 * `npm run bench`: time to first token and inter-token latency through Hearth versus straight to
 * the fake model server, measured in the same run, at 1 and at 100 concurrent streams, against
 * the targets (added TTFT p50 ≤ 0.5 ms at 1 stream; added inter-token p99 ≤ 5 ms at 100 streams).
 *
 * A report, not a test: it exits 0 when a target is missed and non-zero only when something
 * fails (a stream errors, a reply comes back wrong, the time budget runs out).
 * HEARTH_BENCH_QUICK=1: fewer rounds (CI). HEARTH_BENCH_CPU_PROF=<dir>: write a V8 CPU profile of
 * the Hearth process during the measured rounds there (summarise it with profile-summary.ts;
 * the profiler's own overhead inflates that run's figures).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FakeScript } from '#test/fakes/fake-model-server';
import { startChild, type BenchChild } from './child';
import { CPU_DMA_LATENCY, holdCpuLatency } from './cpu-latency';
import { HEARTH_NODE_FLAGS } from './node-flags';
import type { FakeInfo, FakeOptions } from './fake-process';
import type { RelayInfo, RelayOptions } from './relay-process';
import type { SdkRelayInfo, SdkRelayOptions } from './sdk-relay-process';
import type { ServerInfo, ServerOptions } from './server-process';
import { directStream, hearthModelId, hearthStream, login, newConversation, type Session } from './paths';
import { report, type Results, type Samples } from './report';
import type { StreamTiming } from './sse-client';

const here = path.dirname(fileURLToPath(import.meta.url));
const quick = process.env.HEARTH_BENCH_QUICK === '1';
const cpuProfDir = process.env.HEARTH_BENCH_CPU_PROF;

const plan = quick
  ? { warmupSequential: 5, sequential: 10, concurrentRounds: 1, budgetMs: 180_000 }
  : { warmupSequential: 10, sequential: 30, concurrentRounds: 3, budgetMs: 600_000 };
const STREAMS = 100;
const USERS = 10;
const TOKENS = 50;
const TOKEN_INTERVAL_MS = 20;
const STREAM_TIMEOUT_MS = 30_000;
/** Let the previous batch's tail (final database writes, sockets closing) settle first. */
const SETTLE_MS = 250;
const FAKE_MODEL = 'fake-model';
const PROMPT = 'Tell me about the household benchmark.';
const REPLY = Array.from({ length: TOKENS }, (_, i) => `word${i + 1}`).join(' ');
/**
 * firstTokenDelayMs 1, not 0: the fake waits one token interval before the first token when the
 * delay is 0; 1 ms makes the first token as immediate as a timer allows, on both paths alike.
 */
const SCRIPT: FakeScript = { reply: REPLY, tokenIntervalMs: TOKEN_INTERVAL_MS, firstTokenDelayMs: 1 };

/**
 * Hearth's event loop (and the relays', in their place) alone on core 1; every other thread on
 * core 0: this client, the fake model server, and the other threads of Hearth and the relays
 * (V8's garbage-collection helpers, libuv's pool, and workers started later, such as the WAL
 * checkpointer). In a household the model server and the browsers are on other machines, and
 * Hearth's event loop has a core to itself while its helpers use the others; unpinned, the
 * processes of this bench take turns on two cores and the OS scheduler's waits (several ms)
 * land on whichever path is measured.
 * The helpers must not share the event loop's core: there they cannot help it (every
 * young-generation collection, which pauses all streams, took about 2.5 times as long: median
 * 14.7 -> 5.8 ms in a 100-stream burst), and V8's concurrent marking would take time slices
 * from it, which a household server with cores to spare would not see.
 * HEARTH_BENCH_PIN=0 turns pinning off; it needs two cores and taskset.
 */
/** The machine's cores, counted before this process pins itself to one of them. */
const CORES = os.availableParallelism();
const pinning = process.env.HEARTH_BENCH_PIN !== '0' && CORES >= 2 && pinThisProcess();
/** How a relay or Hearth is placed: its event loop on core 1, its other threads on core 0. */
const MIDDLE_PLACEMENT = pinning ? { eventLoopCpu: '1', otherThreadsCpu: '0' } : {};

/**
 * The CPUs kept out of their halting idle state for the whole run (cpu-latency.ts explains why);
 * HEARTH_BENCH_CPU_AWAKE=0 turns that off, to see what the virtual machine's wake-ups cost.
 */
const cpuAwake = process.env.HEARTH_BENCH_CPU_AWAKE !== '0' ? holdCpuLatency() : null;

/** Moves this process (every thread) to core 0; false when taskset is missing or not allowed. */
function pinThisProcess(): boolean {
  try {
    execFileSync('taskset', ['-a', '-p', '-c', '0', String(process.pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

type PathName = 'direct' | 'relay' | 'sdk' | 'hearth';
const PATHS: readonly PathName[] = ['direct', 'relay', 'sdk', 'hearth'];
/** The paths in a different order each time, so no path always goes first. */
const rotated = (i: number): PathName[] => PATHS.map((_, k) => PATHS[(i + k) % PATHS.length]!);

function header(): string {
  return [
    `Hearth streaming benchmark${quick ? ' (quick mode: HEARTH_BENCH_QUICK=1)' : ''}`,
    '',
    'Method:',
    '  - A process each: this load client; Hearth (startServer on 127.0.0.1, temporary SQLite, logging off,',
    `    with the Node flags npm start uses: ${HEARTH_NODE_FLAGS.join(' ')}); the two relays below (same flags);`,
    '    the fake model server alone, so its token timers are delayed by none of the others.',
    pinning
      ? '    CPUs pinned (taskset): the event loops of Hearth and the relays alone on core 1; this client, the fake and\n' +
        '    every other thread of Hearth and the relays (GC helpers, workers) on core 0 (HEARTH_BENCH_PIN=0: off).'
      : '    CPUs not pinned (HEARTH_BENCH_PIN=0, fewer than 2 cores, or no taskset): all processes share the cores.',
    cpuAwake
      ? `    CPUs kept awake: a 0 µs wake-up latency request held on ${CPU_DMA_LATENCY} for the whole run, as latency\n` +
        '    benchmarks do, so an idle CPU polls instead of halting and a wake-up costs no interrupt through the\n' +
        '    hypervisor; it applies to every path alike (HEARTH_BENCH_CPU_AWAKE=0: off).'
      : `    CPUs not kept awake (HEARTH_BENCH_CPU_AWAKE=0, or ${CPU_DMA_LATENCY} not writable): idle CPUs may halt, and on a\n` +
        '    virtual machine each cross-core wake-up then pays an interrupt through the hypervisor.',
    '  - Every path uses the same client: raw node:http POSTs over keep-alive Agents, SSE parsed as it',
    '    arrives, each token stamped with performance.now() when its TCP chunk arrives (before parsing).',
    `  - Same fake script for all: ${TOKENS} tokens, one every ${TOKEN_INTERVAL_MS} ms, first token after 1 ms.`,
    '  - direct: POST {fake}/v1/chat/completions stream:true; a token is a chunk with delta.content.',
    '    relay: the same request through a bare node:http pass-through in its own process (relay-process.ts):',
    '    no parsing, auth or database. relay - direct is the floor any relay process pays on this machine.',
    '    sdk: the same request through a bare node:http server that calls the official openai SDK as Hearth does',
    '    (same client options and transport) and writes each chunk back (sdk-relay-process.ts): no auth, database',
    '    or framework. sdk - direct is the floor of any relay that must use the SDK, as Hearth must.',
    '    hearth: POST /api/conversations/:id/messages stream:true (cookie session + CSRF header, a new',
    `    conversation per stream made beforehand, untimed; ${USERS} users in turn); a token is an \`event: delta\`.`,
    '  - TTFT: request written -> first token arrived. Inter-token: gaps between consecutive tokens of a stream.',
    `  - Warm-up first (${plan.warmupSequential} sequential + one ${STREAMS}-stream round per path, not recorded).`,
    `  - 1 stream: ${plan.sequential} sequential requests per path, the paths interleaved (rotating order).`,
    `  - ${STREAMS} streams: ${plan.concurrentRounds} round(s) per path of ${STREAMS} concurrent streams`,
    `    (${USERS} users x ${STREAMS / USERS} streams through Hearth), rotating which path goes first,`,
    `    ${SETTLE_MS} ms pause before each batch.`,
    '  - added = hearth - direct of the same percentile; floor = relay - direct; sdk floor = sdk - direct.',
    '',
    machine(),
    '',
  ].join('\n');
}

/** Cores and load: the figures mean little on a machine that is busy with something else. */
function machine(): string {
  const cores = CORES;
  const load = os.loadavg()[0]!;
  const line = `Machine: ${cores} cores, load average ${load.toFixed(2)} (1 min) at start, Node ${process.version}.`;
  return load > cores ? `${line}\nWARNING: the machine is already busy; expect noisy, inflated figures.` : line;
}

type Bench = {
  hearth: BenchChild<ServerInfo>;
  fake: BenchChild<FakeInfo>;
  relay: BenchChild<RelayInfo>;
  sdk: BenchChild<SdkRelayInfo>;
  sessions: Session[];
  model: string;
  agents: Record<PathName, http.Agent>;
  deadline: number;
};

/** A new value for every path. */
const byPath = <T>(make: () => T): Record<PathName, T> => Object.fromEntries(PATHS.map((p) => [p, make()])) as Record<PathName, T>;
const emptyByPath = () => byPath((): Samples => ({ ttft: [], gaps: [] }));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function check(timing: StreamTiming): void {
  if (timing.text !== REPLY) {
    throw new Error(`a reply came back wrong: expected ${REPLY.length} chars "${REPLY.slice(0, 40)}…", got ${timing.text.length} "${timing.text.slice(0, 40)}…"`);
  }
}

function record(samples: Samples, timing: StreamTiming): void {
  check(timing);
  samples.ttft.push(timing.ttftMs);
  samples.gaps.push(...timing.gapsMs);
}

/**
 * Records a concurrent batch. `steady` also gets the gaps that began after every stream of the
 * batch had its first token: the per-token cost alone, without the burst of 100 requests being
 * set up (a diagnostic; the target is checked on all gaps).
 */
function recordBatch(samples: Samples, steady: Samples, timings: StreamTiming[]): void {
  for (const t of timings) record(samples, t);
  const allStarted = Math.max(...timings.map((t) => t.arrivals[0]!));
  for (const t of timings) {
    t.arrivals.forEach((at, i) => {
      if (i > 0 && t.arrivals[i - 1]! >= allStarted) steady.gaps.push(at - t.arrivals[i - 1]!);
    });
  }
}

function checkTime(b: Bench): void {
  if (performance.now() > b.deadline) throw new Error(`the bench ran past its ${plan.budgetMs / 1000} s budget`);
}

function stream(b: Bench, which: PathName, session: Session, conversationId: string): Promise<StreamTiming> {
  if (which === 'direct') return directStream(b.agents.direct, b.fake.info.openaiBaseUrl, FAKE_MODEL, PROMPT, STREAM_TIMEOUT_MS);
  if (which === 'relay') return directStream(b.agents.relay, b.relay.info.openaiBaseUrl, FAKE_MODEL, PROMPT, STREAM_TIMEOUT_MS);
  if (which === 'sdk') return directStream(b.agents.sdk, b.sdk.info.openaiBaseUrl, FAKE_MODEL, PROMPT, STREAM_TIMEOUT_MS);
  return hearthStream(b.agents.hearth, b.hearth.info.url, session, conversationId, PROMPT, STREAM_TIMEOUT_MS);
}

/** Stream i of a batch runs as user i mod USERS (so no one user sends everything: rate limits). */
const sessionFor = (b: Bench, i: number) => b.sessions[i % b.sessions.length]!;

/** New conversations, made beforehand so their creation is not timed; one per stream. */
async function conversations(b: Bench, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) ids.push(await newConversation(b.agents.hearth, b.hearth.info.url, sessionFor(b, i), b.model));
  return ids;
}

/** `count` requests one after another, the paths interleaved. */
async function sequential(b: Bench, count: number): Promise<Record<PathName, Samples>> {
  const out = emptyByPath();
  const ids = await conversations(b, count);
  for (let i = 0; i < count; i++) {
    for (const which of rotated(i)) {
      checkTime(b);
      record(out[which], await stream(b, which, sessionFor(b, i), ids[i]!));
    }
  }
  return out;
}

/** `rounds` rounds of STREAMS concurrent streams per path. */
async function concurrent(b: Bench, rounds: number): Promise<{ all: Record<PathName, Samples>; steady: Record<PathName, Samples> }> {
  const out = emptyByPath();
  const steady = emptyByPath();
  for (let r = 0; r < rounds; r++) {
    const ids = await conversations(b, STREAMS);
    for (const which of rotated(r)) {
      checkTime(b);
      await sleep(SETTLE_MS);
      const timings = await Promise.all(ids.map((id, i) => stream(b, which, sessionFor(b, i), id)));
      recordBatch(out[which], steady[which], timings);
    }
  }
  return { all: out, steady };
}

async function main(): Promise<number> {
  process.stdout.write(`${header()}\n`);
  const children: BenchChild<unknown>[] = [];
  const kill = setTimeout(() => {
    console.error(`bench: still running ${plan.budgetMs / 1000 + 60} s after start; giving up`);
    process.exit(1);
  }, plan.budgetMs + 60_000);
  kill.unref();
  try {
    const fake = await startChild<FakeInfo>(path.join(here, 'fake-process.ts'), { script: SCRIPT } satisfies FakeOptions, pinning ? { cpus: '0' } : {});
    children.push(fake);
    const relay = await startChild<RelayInfo>(path.join(here, 'relay-process.ts'), { fakeOpenaiBaseUrl: fake.info.openaiBaseUrl } satisfies RelayOptions, {
      extraExecArgv: [...HEARTH_NODE_FLAGS],
      ...MIDDLE_PLACEMENT,
    });
    children.push(relay);
    const sdk = await startChild<SdkRelayInfo>(path.join(here, 'sdk-relay-process.ts'), { fakeOpenaiBaseUrl: fake.info.openaiBaseUrl } satisfies SdkRelayOptions, {
      extraExecArgv: [...HEARTH_NODE_FLAGS],
      ...MIDDLE_PLACEMENT,
    });
    children.push(sdk);
    const hearth = await startChild<ServerInfo>(path.join(here, 'server-process.ts'), {
      fakeOpenaiBaseUrl: fake.info.openaiBaseUrl,
      users: USERS,
    } satisfies ServerOptions, { extraExecArgv: [...HEARTH_NODE_FLAGS], ...MIDDLE_PLACEMENT });
    children.unshift(hearth);
    const agentOptions: http.AgentOptions = { keepAlive: true, maxSockets: Infinity };
    const agents = byPath(() => new http.Agent(agentOptions));
    const sessions: Session[] = [];
    for (const u of hearth.info.users) sessions.push(await login(agents.hearth, hearth.info.url, u.username, u.password));
    const model = await hearthModelId(agents.hearth, hearth.info.url, sessions[0]!, FAKE_MODEL);
    const b: Bench = { hearth, fake, relay, sdk, sessions, model, agents, deadline: performance.now() + plan.budgetMs };

    const rss = { start: await hearth.rss(), warm: 0, end: 0 };
    process.stdout.write('warming up…\n');
    await sequential(b, plan.warmupSequential);
    await concurrent(b, 1);
    rss.warm = await hearth.rss();
    if (cpuProfDir) await hearth.startProfile();
    process.stdout.write(`1 stream: ${plan.sequential} requests per path…\n`);
    const one = await sequential(b, plan.sequential);
    process.stdout.write(`${STREAMS} streams: ${plan.concurrentRounds} round(s) per path…\n`);
    const many = await concurrent(b, plan.concurrentRounds);
    rss.end = await hearth.rss();
    const profileFile = cpuProfDir ? path.resolve(cpuProfDir, `hearth-${new Date().toISOString().replace(/[:.]/g, '-')}.cpuprofile`) : null;
    if (profileFile) {
      fs.mkdirSync(path.dirname(profileFile), { recursive: true });
      await hearth.stopProfile(profileFile);
    }
    for (const agent of Object.values(agents)) agent.destroy();

    const results: Results = { one, many: many.all, manySteady: many.steady, rss, streams: STREAMS, tokenIntervalMs: TOKEN_INTERVAL_MS };
    process.stdout.write(`\n${report(results)}\n`);
    if (profileFile) {
      process.stdout.write(`\nCPU profile of Hearth during the measured rounds: ${profileFile}\n`);
      process.stdout.write(`summarise it with: npx tsx test/bench/profile-summary.ts ${profileFile}\n`);
    }
    return 0;
  } catch (err) {
    console.error(`\nbench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    return 1;
  } finally {
    for (const child of children) await child.stop().catch(() => {});
    cpuAwake?.release();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
