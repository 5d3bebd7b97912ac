/**
 * `npm run bench:streaming`: time to first token (TTFT) and inter-token latency through Hearth,
 * measured in one run beside two other paths fed by the same fake model server: straight to it,
 * and through a bare relay built on the official `openai` SDK (the least any relay that must
 * use the SDK costs). Targets: Hearth's TTFT p50 at 1 stream at most 1.0 ms above the SDK
 * relay's; Hearth's added inter-token p99 at 100 streams at most 3 ms above the relay's.
 *
 * A report, not a test: it exits 0 when a target is missed and non-zero only when something
 * fails (a stream errors, a reply comes back wrong, the time budget runs out).
 *
 * Environment:
 * - HEARTH_BENCH_QUICK=1: fewer rounds (about a minute; CI).
 * - HEARTH_BENCH_B_DIR=<checkout> and/or HEARTH_BENCH_B_FLAGS="<node flags>": an A/B run. A
 *   second Hearth ("hearth-b") runs as a fourth path, from that checkout (its own
 *   test/bench/server-process.ts) and/or with those Node flags (Hearth runs with none). Each
 *   measured change in docs/performance.md was compared this way, in one run.
 */
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FakeScript } from '#test/fakes/fake-model-server';
import { startChild, type BenchChild } from './child';
import type { FakeInfo, FakeOptions } from './fake-process';
import type { SdkRelayInfo, SdkRelayOptions } from './sdk-relay-process';
import type { ServerInfo, ServerOptions } from './server-process';
import { directStream, hearthModelId, hearthStream, login, newConversation, type Session } from './paths';
import { report, type PathName, type Results, type Samples } from './report';
import type { StreamTiming } from './sse-client';

const here = path.dirname(fileURLToPath(import.meta.url));
const quick = process.env.HEARTH_BENCH_QUICK === '1';
const bDir = process.env.HEARTH_BENCH_B_DIR ? path.resolve(process.env.HEARTH_BENCH_B_DIR) : undefined;
const bFlags = process.env.HEARTH_BENCH_B_FLAGS?.split(/\s+/).filter(Boolean);
const withB = bDir !== undefined || bFlags !== undefined;

const plan = quick
  ? { warmupSequential: 3, sequential: 10, concurrentRounds: 1, budgetMs: 180_000 }
  : { warmupSequential: 10, sequential: 30, concurrentRounds: 3, budgetMs: 900_000 };
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
 * delay is 0; 1 ms makes the first token as immediate as a timer allows, on every path alike.
 */
const SCRIPT: FakeScript = { reply: REPLY, tokenIntervalMs: TOKEN_INTERVAL_MS, firstTokenDelayMs: 1 };

const PATHS: readonly PathName[] = withB ? ['direct', 'sdk', 'hearth', 'hearth-b'] : ['direct', 'sdk', 'hearth'];
/** The paths in a different order each time, so no path always goes first. */
const rotated = (i: number): PathName[] => PATHS.map((_, k) => PATHS[(i + k) % PATHS.length]!);

function header(): string {
  return [
    `Hearth streaming benchmark${quick ? ' (quick mode: HEARTH_BENCH_QUICK=1)' : ''}`,
    '',
    'Method:',
    '  - A process each: this load client; the fake model server; the SDK relay; Hearth (startServer on 127.0.0.1,',
    '    temporary SQLite, logging off), started with no Node flags, as `npm start` runs it.',
    '  - Every path uses the same client: raw node:http POSTs over keep-alive Agents, SSE parsed as it',
    '    arrives, each token stamped with performance.now() when its TCP chunk arrives (before parsing).',
    `  - Same fake script for all: ${TOKENS} tokens, one every ${TOKEN_INTERVAL_MS} ms, first token after 1 ms.`,
    '  - direct: POST {fake}/v1/chat/completions stream:true; a token is a chunk with delta.content.',
    "    sdk: the same request through a bare node:http server that calls the official openai SDK with Hearth's",
    '    client (createOpenAiClient) and writes each chunk back (sdk-relay-process.ts): no auth, database or framework.',
    '    hearth: POST /api/conversations/:id/messages stream:true (cookie session + CSRF header, a new',
    `    conversation per stream made beforehand, untimed; ${USERS} users in turn, each allowed 16 replies at once
    so the fair queue holds nothing back); a token is an \`event: delta\`.`,
    ...(withB
      ? [
          `    hearth-b: the same as hearth, from ${bDir ?? 'this checkout'}, Node flags ${bFlags ? bFlags.join(' ') || '(none)' : 'as hearth'}.`,
        ]
      : []),
    '  - TTFT: request written -> first token arrived. Inter-token: gaps between consecutive tokens of a stream.',
    `  - Warm-up first (${plan.warmupSequential} sequential + one ${STREAMS}-stream round per path, not recorded).`,
    `  - 1 stream: ${plan.sequential} sequential requests per path, the paths interleaved (rotating order).`,
    `  - ${STREAMS} streams: ${plan.concurrentRounds} round(s) per path of ${STREAMS} concurrent streams, rotating which path`,
    `    goes first, ${SETTLE_MS} ms pause before each batch. CPUs are neither pinned nor kept awake.`,
    '',
    machine(),
    '',
  ].join('\n');
}

/** Cores and load: the figures mean little on a machine that is busy with something else. */
function machine(): string {
  const cores = os.availableParallelism();
  const load = os.loadavg()[0]!;
  const line = `Machine: ${cores} cores, load average ${load.toFixed(2)} (1 min) at start, Node ${process.version}.`;
  return load > cores ? `${line}\nWARNING: the machine is already busy; expect noisy, inflated figures.` : line;
}

type Bench = {
  hearths: Partial<Record<'hearth' | 'hearth-b', BenchChild<ServerInfo> & { sessions: Session[]; model: string }>>;
  fake: BenchChild<FakeInfo>;
  sdk: BenchChild<SdkRelayInfo>;
  agents: Record<PathName, http.Agent>;
  deadline: number;
};

/** A new value for every path. */
const byPath = <T>(make: () => T): Record<PathName, T> =>
  Object.fromEntries(PATHS.map((p) => [p, make()])) as Record<PathName, T>;
const emptyByPath = () => byPath((): Samples => ({ ttft: [], gaps: [] }));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function record(samples: Samples, timing: StreamTiming): void {
  if (timing.text !== REPLY) {
    throw new Error(
      `a reply came back wrong: expected ${REPLY.length} chars "${REPLY.slice(0, 40)}…", got ${timing.text.length} "${timing.text.slice(0, 40)}…"`,
    );
  }
  samples.ttft.push(timing.ttftMs);
  samples.gaps.push(...timing.gapsMs);
}

function checkTime(b: Bench): void {
  if (performance.now() > b.deadline) throw new Error(`the bench ran past its ${plan.budgetMs / 1000} s budget`);
}

/** Stream i of a batch runs as user i mod USERS (so no one user sends everything: rate limits). */
function stream(b: Bench, which: PathName, i: number, conversationId: string): Promise<StreamTiming> {
  return streamOn(b, which, i, conversationId).catch((err: unknown) => {
    throw new Error(`${which}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  });
}

function streamOn(b: Bench, which: PathName, i: number, conversationId: string): Promise<StreamTiming> {
  if (which === 'direct')
    return directStream(b.agents.direct, b.fake.info.openaiBaseUrl, FAKE_MODEL, PROMPT, STREAM_TIMEOUT_MS);
  if (which === 'sdk')
    return directStream(b.agents.sdk, b.sdk.info.openaiBaseUrl, FAKE_MODEL, PROMPT, STREAM_TIMEOUT_MS);
  const hearth = b.hearths[which]!;
  const session = hearth.sessions[i % hearth.sessions.length]!;
  return hearthStream(b.agents[which], hearth.info.url, session, conversationId, PROMPT, STREAM_TIMEOUT_MS);
}

/** New conversations on each Hearth, made beforehand so their creation is not timed; one per stream. */
async function conversations(b: Bench, count: number): Promise<Partial<Record<PathName, string[]>>> {
  const out: Partial<Record<PathName, string[]>> = {};
  for (const [name, h] of Object.entries(b.hearths) as [PathName, NonNullable<Bench['hearths']['hearth']>][]) {
    const ids: string[] = [];
    for (let i = 0; i < count; i++)
      ids.push(await newConversation(b.agents[name], h.info.url, h.sessions[i % h.sessions.length]!, h.model));
    out[name] = ids;
  }
  return out;
}

/** `count` requests one after another, the paths interleaved. */
async function sequential(b: Bench, count: number): Promise<Record<PathName, Samples>> {
  const out = emptyByPath();
  const ids = await conversations(b, count);
  for (let i = 0; i < count; i++) {
    for (const which of rotated(i)) {
      checkTime(b);
      record(out[which], await stream(b, which, i, ids[which]?.[i] ?? ''));
    }
  }
  return out;
}

/** `rounds` rounds of STREAMS concurrent streams per path. */
async function concurrent(b: Bench, rounds: number): Promise<Record<PathName, Samples>> {
  const out = emptyByPath();
  for (let r = 0; r < rounds; r++) {
    const ids = await conversations(b, STREAMS);
    for (const which of rotated(r)) {
      checkTime(b);
      await sleep(SETTLE_MS);
      const timings = await Promise.all(
        Array.from({ length: STREAMS }, (_, i) => stream(b, which, i, ids[which]?.[i] ?? '')),
      );
      for (const t of timings) record(out[which], t);
    }
  }
  return out;
}

/** Starts one Hearth and signs its users in. */
async function startHearth(
  fake: BenchChild<FakeInfo>,
  agent: http.Agent,
  dir: string | undefined,
  flags: readonly string[],
) {
  const file = path.join(dir ?? path.resolve(here, '../..'), 'test/bench/server-process.ts');
  const child = await startChild<ServerInfo>(
    file,
    { fakeOpenaiBaseUrl: fake.info.openaiBaseUrl, users: USERS } satisfies ServerOptions,
    {
      extraExecArgv: [...flags],
      ...(dir ? { cwd: dir } : {}),
    },
  );
  const sessions: Session[] = [];
  for (const u of child.info.users) sessions.push(await login(agent, child.info.url, u.username, u.password));
  const model = await hearthModelId(agent, child.info.url, sessions[0]!, FAKE_MODEL);
  return Object.assign(child, { sessions, model });
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
    const fake = await startChild<FakeInfo>(path.join(here, 'fake-process.ts'), {
      script: SCRIPT,
    } satisfies FakeOptions);
    children.push(fake);
    const sdk = await startChild<SdkRelayInfo>(path.join(here, 'sdk-relay-process.ts'), {
      fakeOpenaiBaseUrl: fake.info.openaiBaseUrl,
    } satisfies SdkRelayOptions);
    children.push(sdk);
    // An idle pooled connection is dropped after 30 s, before any server here closes it (the
    // relay after 60 s, Hearth after 72 s): reused just as the server closes it, it would fail.
    const agents = byPath(() => new http.Agent({ keepAlive: true, maxSockets: Infinity, timeout: 30_000 }));
    const b: Bench = { hearths: {}, fake, sdk, agents, deadline: 0 };
    b.hearths.hearth = await startHearth(fake, agents.hearth, undefined, []);
    children.unshift(b.hearths.hearth);
    if (withB) {
      b.hearths['hearth-b'] = await startHearth(fake, agents['hearth-b'], bDir, bFlags ?? []);
      children.unshift(b.hearths['hearth-b']);
    }
    const rssOf = async () =>
      Object.fromEntries(
        await Promise.all(Object.entries(b.hearths).map(async ([k, h]) => [k, await h.rss()] as const)),
      );
    b.deadline = performance.now() + plan.budgetMs;

    const rssStart = await rssOf();
    process.stdout.write('warming up…\n');
    await sequential(b, plan.warmupSequential);
    await concurrent(b, 1);
    process.stdout.write(`1 stream: ${plan.sequential} requests per path…\n`);
    const one = await sequential(b, plan.sequential);
    process.stdout.write(`${STREAMS} streams: ${plan.concurrentRounds} round(s) per path…\n`);
    const many = await concurrent(b, plan.concurrentRounds);
    const rssEnd = await rssOf();
    for (const agent of Object.values(agents)) agent.destroy();

    const results: Results = {
      one,
      many,
      rss: { start: rssStart, end: rssEnd },
      streams: STREAMS,
      tokenIntervalMs: TOKEN_INTERVAL_MS,
    };
    process.stdout.write(`\n${report(results)}\n`);
    return 0;
  } catch (err) {
    console.error(`\nbench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    return 1;
  } finally {
    for (const child of children) await child.stop().catch(() => {});
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
