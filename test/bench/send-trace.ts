/**
 * `npm run bench:send-trace`: where one send's time goes, for working on time to first token.
 * A diagnostic beside the streaming bench, not a replacement: Hearth runs in this process (so
 * the marks share one clock) and the fake model server in a child. Sends go one at a time,
 * each right after a direct request to the fake, and the medians of both give "added".
 *
 * Marks, in milliseconds from the moment the client wrote its request: Hearth's server sees the
 * request; the upstream request is written; its response headers and first bytes
 * arrive; the first token reaches the client.
 *
 * Environment: SENDS (measured, default 300), WARMUP (unmeasured first, default 20), IDLE_MS
 * (a pause before each send, default 0: a server that was idle runs on cold CPU caches).
 */
import diagnostics from 'node:diagnostics_channel';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createUser } from '#test/helpers';
import { startBenchServer } from './bench-server';
import { startChild } from './child';
import type { FakeInfo, FakeOptions } from './fake-process';
import { directStream, hearthModelId, hearthStream, login, newConversation } from './paths';
import { renderTable } from './table';

const here = path.dirname(fileURLToPath(import.meta.url));
const SENDS = Number(process.env.SENDS ?? 300);
const WARMUP = Number(process.env.WARMUP ?? 20);
const IDLE_MS = Number(process.env.IDLE_MS ?? 0);

const marks = new Map<string, number>();
const mark = (label: string) => {
  if (!marks.has(label)) marks.set(label, performance.now());
};

/** The upstream (model server) request's milestones, seen through undici's diagnostics channels. */
const upstream = (message: unknown) =>
  String((message as { request: { path: string } }).request.path).includes('/chat/completions');
diagnostics.subscribe('undici:client:sendHeaders', (message) => {
  if (upstream(message)) mark('upstream request written');
});
diagnostics.subscribe('undici:request:headers', (message) => {
  if (upstream(message)) mark('upstream response headers');
});
diagnostics.subscribe('undici:request:bodyChunkReceived', (message) => {
  if (upstream(message)) mark('upstream first bytes');
});

const median = (values: number[]) => values.slice().sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function main(): Promise<void> {
  const script = { reply: 'one two three four five', tokenIntervalMs: 20, firstTokenDelayMs: 1 };
  const fake = await startChild<FakeInfo>(path.join(here, 'fake-process.ts'), { script } satisfies FakeOptions);
  const { server, dataDir } = await startBenchServer(fake.info.openaiBaseUrl, {
    HEARTH_RATE_LIMIT_CHAT_PER_MINUTE: '0',
    HEARTH_RATE_LIMIT_API_PER_MINUTE: '0',
  });
  try {
    server.app.server.prependListener('request', () => mark('Hearth received the request'));
    const { user, password } = await createUser(server.app, { username: 'trace' });
    const agent = new http.Agent({ keepAlive: true });
    const directAgent = new http.Agent({ keepAlive: true });
    const session = await login(agent, server.url, user.username, password);
    const model = await hearthModelId(agent, server.url, session, 'fake-model');
    const stages = new Map<string, number[]>();
    const direct: number[] = [];
    for (let i = 0; i < WARMUP + SENDS; i++) {
      const measured = i >= WARMUP;
      const straight = await directStream(directAgent, fake.info.openaiBaseUrl, 'fake-model', 'hello', 10_000);
      const conversationId = await newConversation(agent, server.url, session, model);
      if (IDLE_MS > 0) await sleep(IDLE_MS);
      marks.clear();
      const start = performance.now();
      const timing = await hearthStream(agent, server.url, session, conversationId, 'hello', 10_000);
      if (!measured) continue;
      direct.push(straight.ttftMs);
      for (const [label, at] of marks) stages.set(label, [...(stages.get(label) ?? []), at - start]);
      stages.set('first token reached the client', [
        ...(stages.get('first token reached the client') ?? []),
        timing.ttftMs,
      ]);
    }
    agent.destroy();
    directAgent.destroy();
    const rows = [...stages.entries()]
      .map(([label, values]) => [label, median(values)] as [string, number])
      .sort((a, b) => a[1] - b[1]);
    const hearth = median(stages.get('first token reached the client') ?? []);
    process.stdout.write(
      `One send at a time: ${SENDS} measured after ${WARMUP} unmeasured, ${IDLE_MS} ms idle before each.\n\n`,
    );
    process.stdout.write(`${renderTable(['stage (median)', 'ms'], rows, 3)}\n\n`);
    process.stdout.write(
      `TTFT median: direct ${median(direct).toFixed(3)} ms, through Hearth ${hearth.toFixed(3)} ms, added ${(hearth - median(direct)).toFixed(3)} ms\n`,
    );
  } finally {
    await server.close();
    await fake.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
