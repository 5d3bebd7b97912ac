/**
 * `OLD=<file> npx tsx test/bench/transport-ab.ts`: time from the openai SDK's
 * `chat.completions.create()` to the first streamed token, with the fetch Hearth gives it
 * (fetch.ts: undici over a keep-alive Agent), with the SDK's default (Node's global fetch), and,
 * when OLD names a module exporting `nodeHttpFetch`, with that one (the former node:http
 * transport: `git show a391eda:server/providers/http-transport.ts > /tmp/old-transport.ts`).
 * Straight raw node:http requests to the same fake model server give the floor. One process,
 * the clients interleaved, ROUNDS (default 300) requests each; medians and p90.
 */
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import OpenAI from 'openai';
import { modelServerFetch } from '#server/providers/fetch';
import { startChild } from './child';
import type { FakeInfo, FakeOptions } from './fake-process';
import { directStream } from './paths';
import { summarize } from './stats';
import { renderTable } from './table';

const here = path.dirname(fileURLToPath(import.meta.url));
const ROUNDS = Number(process.env.ROUNDS ?? 300);

async function main(): Promise<void> {
  const script = { reply: 'one two three', tokenIntervalMs: 5, firstTokenDelayMs: 1 };
  const fake = await startChild<FakeInfo>(path.join(here, 'fake-process.ts'), { script } satisfies FakeOptions);
  const client = (fetch?: typeof globalThis.fetch) =>
    new OpenAI({
      baseURL: fake.info.openaiBaseUrl,
      apiKey: 'x',
      organization: null,
      project: null,
      maxRetries: 0,
      logLevel: 'off',
      ...(fetch ? { fetch } : {}),
    });
  const clients: Record<string, OpenAI> = {
    'undici Agent (fetch.ts)': client(modelServerFetch),
    'SDK default (global fetch)': client(),
  };
  if (process.env.OLD) {
    const old = (await import(path.resolve(process.env.OLD))) as { nodeHttpFetch: typeof globalThis.fetch };
    clients['node:http (former transport)'] = client(old.nodeHttpFetch);
  }
  const agent = new http.Agent({ keepAlive: true });
  const names = ['raw node:http (floor)', ...Object.keys(clients)];
  const times = Object.fromEntries(names.map((n) => [n, [] as number[]]));
  const once = async (name: string): Promise<number> => {
    if (name === 'raw node:http (floor)')
      return (await directStream(agent, fake.info.openaiBaseUrl, 'fake-model', 'hello', 10_000)).ttftMs;
    const t0 = performance.now();
    const stream = await clients[name]!.chat.completions.create({
      model: 'fake-model',
      messages: [{ role: 'user', content: 'hello' }],
      stream: true,
    });
    let first = 0;
    for await (const chunk of stream) if (!first && chunk.choices[0]?.delta?.content) first = performance.now() - t0;
    return first;
  };
  for (let r = 0; r < ROUNDS + 20; r++) {
    for (let k = 0; k < names.length; k++) {
      const name = names[(r + k) % names.length]!;
      const ms = await once(name);
      if (r >= 20) times[name]!.push(ms); // 20 warm-up rounds
    }
  }
  const floor = summarize(times[names[0]!]!).p50;
  const rows = names.map((n) => {
    const s = summarize(times[n]!);
    return [n, s.p50, s.p50 - floor, s.p95];
  });
  process.stdout.write(
    `${ROUNDS} requests each, interleaved; ms from create() (or the raw request) to the first token\n`,
  );
  process.stdout.write(`${renderTable(['fetch', 'p50', 'p50 above floor', 'p95'], rows, 3)}\n`);
  agent.destroy();
  await fake.stop();
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
