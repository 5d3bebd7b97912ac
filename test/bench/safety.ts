/**
 * `npm run bench:safety`: what the family-safety filter costs, in one run.
 *
 * 1. Streaming: 100 replies at once through Hearth, 50 tokens each every 20 ms from the fake
 *    model server (its own process): in every round half of them for adults (no filter) and half
 *    for supervised members (every delta checked, the newest STREAM_WINDOW characters held
 *    back), interleaved, so both halves meet the very same load. Added inter-token latency p99 =
 *    p99(filter on) − p99(filter off); target ≤ 1 ms.
 *    The hold-back's own cost is the later first visible token (TTFT on vs off), reported beside.
 * 2. The stream check alone, in this process: the time one delta's check takes (p99).
 * 3. The input check, in this process on a real SQLite file: the whole check of a supervised
 *    member's message (reading their controls, the word lists, a flag when it hits) over the
 *    filter's 150-message corpus; target p95 ≤ 2 ms. The word lists alone beside it.
 *
 * A report, not a test: a missed target is printed, not an exit code; only a failure (a stream
 * that errors or ends wrong) exits non-zero.
 *
 * HEARTH_BENCH_QUICK=1: one round each way and fewer input checks (about a minute).
 */
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createContentFilter } from '#server/safety/filter/content-filter';
import { CORPUS } from '#server/safety/filter/corpus';
import { createStreamCheck, STREAM_WINDOW } from '#server/safety/filter/stream-check';
import { CHECK_EVERY_CHARS } from '#server/safety/family/output-check';
import { inspectInput } from '#server/safety/family/input-check';
import { superviseWith } from '#server/safety/family/filter-test-support';
import type { FakeScript } from '#test/fakes/fake-model-server';
import { createTestApp, createUser } from '#test/helpers';
import { startChild } from './child';
import type { FakeInfo, FakeOptions } from './fake-process';
import { classifyHearth, requestJson } from './paths';
import type { SafetyServerInfo, SafetyServerOptions } from './safety-server';
import { timedStream, type StreamTiming } from './sse-client';
import { summarize, type Summary } from './stats';
import { renderTable } from './table';

const here = path.dirname(fileURLToPath(import.meta.url));
const quick = process.env.HEARTH_BENCH_QUICK === '1';
const plan = quick ? { rounds: 2, inputChecks: 600 } : { rounds: 6, inputChecks: 3000 };
const STREAMS = 100;
const TOKENS = 50;
const TOKEN_INTERVAL_MS = 20;
const STREAM_TIMEOUT_MS = 60_000;
const SETTLE_MS = 500;
const TARGETS = { addedItlP99Ms: 1, inputP95Ms: 2 };
const REPLY = Array.from({ length: TOKENS }, (_, i) => `word${i + 1}`).join(' ');
const SCRIPT: FakeScript = { reply: REPLY, tokenIntervalMs: TOKEN_INTERVAL_MS, firstTokenDelayMs: 1 };

type Side = { ttft: number[]; gaps: number[] };

/** Streams at once, one per member (each member streams one reply at a time); timings in order. */
async function streamRound(
  agent: http.Agent,
  url: string,
  tokens: readonly string[],
  model: string,
): Promise<StreamTiming[]> {
  const conversations = await Promise.all(
    tokens.map(async (token) => {
      const reply = await requestJson(
        agent,
        'POST',
        `${url}/api/conversations`,
        { model, title: 'bench' },
        { authorization: `Bearer ${token}` },
      );
      if (reply.status !== 201) throw new Error(`POST /api/conversations: ${reply.status}`);
      return (reply.body as { id: string }).id;
    }),
  );
  const timings: StreamTiming[] = await Promise.all(
    tokens.map((token, i) =>
      timedStream({
        url: `${url}/api/conversations/${conversations[i]}/messages`,
        agent,
        headers: { authorization: `Bearer ${token}` },
        body: { content: 'Tell me about the household benchmark.', stream: true },
        classify: classifyHearth,
        timeoutMs: STREAM_TIMEOUT_MS,
      }),
    ),
  );
  for (const t of timings) if (t.text !== REPLY) throw new Error(`a reply came back wrong: ${t.text.slice(0, 80)}`);
  return timings;
}

async function streaming(): Promise<{ off: Side; on: Side }> {
  const fake = await startChild<FakeInfo>(path.join(here, 'fake-process.ts'), { script: SCRIPT } satisfies FakeOptions);
  const server = await startChild<SafetyServerInfo>(
    path.join(here, 'safety-server.ts'),
    { fakeOpenaiBaseUrl: fake.info.openaiBaseUrl, users: STREAMS / 2 } satisfies SafetyServerOptions,
    { readyTimeoutMs: 600_000 },
  );
  const agent = new http.Agent({ keepAlive: true, maxSockets: STREAMS * 2 });
  const off: Side = { ttft: [], gaps: [] };
  const on: Side = { ttft: [], gaps: [] };
  try {
    const { url, adults, children } = server.info;
    const model = 'env-1/fake-model';
    // Warm-up: the filter built, the connections open.
    await streamRound(agent, url, children.slice(0, 10), model);
    await streamRound(agent, url, adults.slice(0, 10), model);
    for (let round = 0; round < plan.rounds; round++) {
      await new Promise((r) => setTimeout(r, SETTLE_MS));
      // Interleaved, and which kind starts first alternates: neither half is always sent first.
      const first = round % 2 === 0 ? adults : children;
      const second = round % 2 === 0 ? children : adults;
      const mixed = first.flatMap((token, i) => [token, second[i]!]);
      const timings = await streamRound(agent, url, mixed, model);
      timings.forEach((timing, i) => {
        const filtered = (i % 2 === 0) === (first === children);
        const into = filtered ? on : off;
        into.ttft.push(timing.ttftMs);
        into.gaps.push(...timing.gapsMs);
      });
      process.stderr.write(`round ${round + 1} of ${plan.rounds} done\n`);
    }
  } finally {
    agent.destroy();
    await server.stop();
    await fake.stop();
  }
  return { off, on };
}

/** One delta's stream check, timed per delta over long replies (checking every `minChars` new characters). */
function streamCheckCost(minChars: number): Summary {
  const filter = createContentFilter();
  const samples: number[] = [];
  for (let reply = 0; reply < 200; reply++) {
    const check = createStreamCheck(filter, { minChars });
    for (let i = 0; i < 300; i++) {
      const started = performance.now();
      check.push(` word${i}`);
      samples.push(performance.now() - started);
    }
  }
  return summarize(samples);
}

/** The input check of a supervised member, whole (controls read, lists, flags) and lists only. */
async function inputCheckCost(): Promise<{ whole: Summary; clean: Summary; lists: Summary; floor: Summary }> {
  const t = await createTestApp();
  try {
    const { user: guardian } = await createUser(t.app, { username: 'guardian' });
    const { user: child } = await createUser(t.app, { username: 'child', supervised: true });
    await superviseWith(t.app, child.id, guardian.id);
    const whole: number[] = [];
    const clean: number[] = [];
    for (let i = 0; i < plan.inputChecks; i++) {
      const entry = CORPUS[i % CORPUS.length]!;
      const started = performance.now();
      await inspectInput(t.app.ctx, child, { text: entry.text, to: 'ai' });
      const ms = performance.now() - started;
      whole.push(ms);
      if (!entry.expect) clean.push(ms);
    }
    const filter = createContentFilter();
    const lists: number[] = [];
    for (let i = 0; i < plan.inputChecks; i++) {
      const started = performance.now();
      filter.check(CORPUS[i % CORPUS.length]!.text);
      lists.push(performance.now() - started);
    }
    // The noise floor: one small database read, timed the same way (what the machine's load adds).
    const floor: number[] = [];
    for (let i = 0; i < plan.inputChecks; i++) {
      const started = performance.now();
      await t.app.ctx.db.selectFrom('users').select('id').where('id', '=', child.id).executeTakeFirst();
      floor.push(performance.now() - started);
    }
    return { whole: summarize(whole), clean: summarize(clean), lists: summarize(lists), floor: summarize(floor) };
  } finally {
    await t.close();
  }
}

const verdict = (value: number, target: number) =>
  value <= target ? `met (≤ ${target} ms)` : `MISSED by ${(value - target).toFixed(2)} ms (target ≤ ${target} ms)`;

async function main(): Promise<void> {
  console.log(
    `bench:safety — ${quick ? 'quick' : 'full'} run on ${os.cpus().length} CPUs, Node ${process.version}; ` +
      `${STREAMS} streams at once (half filtered) × ${TOKENS} tokens every ${TOKEN_INTERVAL_MS} ms, ${plan.rounds} rounds; ` +
      `load average ${os.loadavg()[0]!.toFixed(1)}\n`,
  );
  const stream = await streaming();
  const off = { ttft: summarize(stream.off.ttft), gaps: summarize(stream.off.gaps) };
  const on = { ttft: summarize(stream.on.ttft), gaps: summarize(stream.on.gaps) };
  console.log('Streaming through Hearth (ms): inter-token gaps and first visible token');
  console.log(
    renderTable(
      ['filter', 'streams', 'gaps', 'gap p50', 'gap p95', 'gap p99', 'TTFT p50', 'TTFT p99'],
      [
        ['off (adults)', off.ttft.n, off.gaps.n, off.gaps.p50, off.gaps.p95, off.gaps.p99, off.ttft.p50, off.ttft.p99],
        ['on (supervised)', on.ttft.n, on.gaps.n, on.gaps.p50, on.gaps.p95, on.gaps.p99, on.ttft.p50, on.ttft.p99],
      ],
      [0, 0, 0, 2, 2, 2, 1, 1],
    ),
  );
  const added = on.gaps.p99 - off.gaps.p99;
  console.log(`\nadded inter-token p99: ${added.toFixed(2)} ms — ${verdict(added, TARGETS.addedItlP99Ms)}`);
  console.log(
    `hold-back cost: the first words show ${(on.ttft.p50 - off.ttft.p50).toFixed(0)} ms later (p50) — the ` +
      `newest ${STREAM_WINDOW} characters wait until the text after them is checked\n`,
  );

  const perDelta = streamCheckCost(CHECK_EVERY_CHARS);
  const perSixteen = streamCheckCost(16);
  const input = await inputCheckCost();
  console.log('In-process costs (ms)');
  console.log(
    renderTable(
      ['check', 'n', 'p50', 'p95', 'p99'],
      [
        ['stream check, one delta (as used)', perDelta.n, perDelta.p50, perDelta.p95, perDelta.p99],
        ['stream check, every 16 chars', perSixteen.n, perSixteen.p50, perSixteen.p95, perSixteen.p99],
        ['input check, whole (corpus)', input.whole.n, input.whole.p50, input.whole.p95, input.whole.p99],
        ['input check, whole (clean only)', input.clean.n, input.clean.p50, input.clean.p95, input.clean.p99],
        ['word lists only', input.lists.n, input.lists.p50, input.lists.p95, input.lists.p99],
        ['one database read (noise floor)', input.floor.n, input.floor.p50, input.floor.p95, input.floor.p99],
      ],
      [0, 0, 3, 3, 3],
    ),
  );
  console.log(`\ninput check p95: ${input.whole.p95.toFixed(3)} ms — ${verdict(input.whole.p95, TARGETS.inputP95Ms)}`);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
