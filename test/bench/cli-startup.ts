/**
 * `npm run bench:cli`: how long `hearth ask` takes from process start to its first request
 * arriving at a local HTTP server, against a bare `node -e "fetch(...)"` in the same run (the
 * floor: Node's own start-up and its fetch). Runs alternate between the commands so load on
 * the machine hits all of them alike. Also measured, for comparison: the same command through
 * the server bundle (dist/server/cli.js), which is what `hearth ask` would cost without its own
 * small bundle. Target: the p50 of `hearth ask` within 150 ms of the baseline's.
 * HEARTH_BENCH_QUICK=1: fewer runs (well under a minute).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { ensureCliBuilt, repoRoot } from '#test/terminal/build';
import { summarize } from './stats';
import { renderTable } from './table';

const quick = process.env.HEARTH_BENCH_QUICK === '1';
const RUNS = quick ? 10 : 40;
const TARGET_MS = 150;

/** The moment (performance.now) the next request arrives. */
let arrived: ((at: number) => void) | null = null;
const server = http.createServer((req, res) => {
  const at = performance.now();
  arrived?.(at);
  arrived = null;
  // 401 ends `hearth ask` at once (exit 3, signed out); the baseline ignores the answer.
  res.writeHead(401, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ error: { code: 'unauthorized', message: 'bench' } }));
  req.resume();
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

/** `every`: run on every `every`-th round only (the slow server bundle is only a comparison). */
type Variant = { name: string; argv: string[]; every?: number };
const variants: Variant[] = [
  { name: 'baseline: node -e "fetch(…)"', argv: ['-e', `fetch(${JSON.stringify(`${url}/`)}).catch(() => {})`] },
  { name: 'hearth ask (bin/hearth.js)', argv: [path.join(repoRoot, 'bin/hearth.js'), 'ask', 'hello'] },
];
const serverBundle = path.join(repoRoot, 'dist/server/cli.js');
if (fs.existsSync(serverBundle)) {
  variants.push({ name: 'hearth ask via the server bundle', argv: [serverBundle, 'ask', 'hello'], every: 4 });
}

/** One run: spawn, wait for its request and its exit; the start-to-request time in ms. */
async function once(variant: Variant): Promise<number> {
  const got = new Promise<number>((resolve) => (arrived = resolve));
  const started = performance.now();
  const child = spawn(process.execPath, variant.argv, {
    env: { PATH: process.env.PATH, HOME: '/nonexistent', HEARTH_SERVER: url, HEARTH_TOKEN: 'hearth_bench' },
    stdio: 'ignore',
  });
  const exited = new Promise((resolve) => child.once('close', resolve));
  const timeout = new Promise<never>((_, reject) =>
    setTimeout(() => reject(new Error(`${variant.name} sent no request within 20 s`)), 20_000),
  );
  const at = await Promise.race([got, timeout]);
  await exited;
  return at - started;
}

ensureCliBuilt();
console.log(`Hearth CLI start-up benchmark${quick ? ' (quick mode: HEARTH_BENCH_QUICK=1)' : ''}`);
console.log(
  `${RUNS} runs each (the server bundle fewer), alternating; time from spawn to the first request at a local server.\n`,
);
for (const v of variants) await once(v); // warm the file cache
const samples = new Map<string, number[]>(variants.map((v) => [v.name, []]));
for (let i = 0; i < RUNS; i++) {
  for (const v of variants) if (i % (v.every ?? 1) === 0) samples.get(v.name)!.push(await once(v));
}
server.close();

const base = summarize(samples.get(variants[0]!.name)!);
const rows = variants.map((v) => {
  const s = summarize(samples.get(v.name)!);
  return [v.name, s.n, s.p50, s.p95, s.p50 - base.p50];
});
console.log(renderTable(['command', 'runs', 'p50 ms', 'p95 ms', 'p50 above baseline'], rows, [0, 0, 1, 1, 1]));
const ask = summarize(samples.get(variants[1]!.name)!);
const over = ask.p50 - base.p50;
// Like the other benchmarks: PASS/MISS is reported, only a breakage fails the run.
console.log(
  `\n${over <= TARGET_MS ? 'PASS' : 'MISS'}  hearth ask p50 ${over.toFixed(1)} ms above the baseline (target: within ${TARGET_MS} ms).`,
);
