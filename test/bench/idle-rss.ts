/**
 * `npx tsx test/bench/idle-rss.ts`: the memory of Hearth as `npm start` runs it (the built
 * `node bin/hearth.js serve`, run `npm run build` first) on a new data dir: its resident set
 * size after start, at the peak of a burst of 100 concurrent streamed replies, and idle again
 * after the burst, and the young-generation collections (scavenges) of the burst, each of which
 * pauses every stream: how many, and their longest and total pause (from --trace-gc).
 * FLAGS="<node flags>" starts it with those (default none); IDLE_MS (default 5000) is how long it
 * idles before each idle figure.
 */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { startFakeModelServer } from '#test/fakes/fake-model-server';
import { hearthModelId, hearthStream, login, newConversation, type Session } from './paths';

const FLAGS = (process.env.FLAGS ?? '').split(/\s+/).filter(Boolean);
const IDLE_MS = Number(process.env.IDLE_MS ?? 5000);
const STREAMS = 100;
const USERS = 10;
const PASSWORD = 'bench password 42';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** VmRSS of `pid` in MB. */
const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function main(): Promise<void> {
  const fake = await startFakeModelServer({
    script: { reply: Array.from({ length: 50 }, (_, i) => `w${i}`).join(' '), tokenIntervalMs: 20 },
  });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-rss-'));
  const port = await freePort();
  const env = {
    ...process.env,
    HEARTH_DATA_DIR: dataDir,
    HEARTH_HOST: '127.0.0.1',
    HEARTH_PORT: String(port),
    HEARTH_MODEL_SERVERS: `openai=${fake.openaiBaseUrl}`,
    HEARTH_PROBE_DEFAULT_SERVERS: '0',
    HEARTH_LOG_LEVEL: 'warn',
    HEARTH_RATE_LIMIT_CHAT_PER_MINUTE: '0',
    HEARTH_RATE_LIMIT_API_PER_MINUTE: '0',
  };
  for (let i = 0; i < USERS; i++)
    execFileSync(process.execPath, ['bin/hearth.js', 'user', 'add', `rss${i}`, '--password-stdin'], {
      env,
      input: PASSWORD,
      stdio: ['pipe', 'ignore', 'inherit'],
    });
  const server = spawn(process.execPath, [...FLAGS, '--trace-gc', 'bin/hearth.js', 'serve'], {
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  // --trace-gc prints one line per collection: "… Scavenge 40.1 (52.3) -> 30.2 (53.1) MB, 3.21 / 0.00 ms …".
  let inBurst = false;
  const scavenges: number[] = [];
  server.stdout.setEncoding('utf8').on('data', (text: string) => {
    if (!inBurst) return;
    for (const m of text.matchAll(/Scavenge[^,]*, ([\d.]+) \/ [\d.]+ ms/g)) scavenges.push(Number(m[1]));
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    for (let ok = false; !ok; await sleep(100))
      ok = await fetch(`${url}/healthz`).then(
        (r) => r.ok,
        () => false,
      );
    await sleep(IDLE_MS);
    const afterStart = rssMb(server.pid!);
    const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
    const sessions: Session[] = [];
    for (let i = 0; i < USERS; i++) sessions.push(await login(agent, url, `rss${i}`, PASSWORD));
    const model = await hearthModelId(agent, url, sessions[0]!, 'fake-model');
    const ids: string[] = [];
    for (let i = 0; i < STREAMS; i++) ids.push(await newConversation(agent, url, sessions[i % USERS]!, model));
    let peak = 0;
    const sampler = setInterval(() => (peak = Math.max(peak, rssMb(server.pid!))), 50);
    inBurst = true;
    await Promise.all(ids.map((id, i) => hearthStream(agent, url, sessions[i % USERS]!, id, 'hello', 30_000)));
    inBurst = false;
    clearInterval(sampler);
    agent.destroy();
    await sleep(IDLE_MS);
    const afterBurst = rssMb(server.pid!);
    process.stdout.write(
      `node ${FLAGS.join(' ') || '(no flags)'} bin/hearth.js serve: RSS ${afterStart.toFixed(1)} MB idle after start, ` +
        `${peak.toFixed(1)} MB at the peak of ${STREAMS} streams, ${afterBurst.toFixed(1)} MB idle ${IDLE_MS / 1000} s after them; ` +
        `${scavenges.length} scavenges during the streams, longest ${Math.max(0, ...scavenges).toFixed(1)} ms, ` +
        `total ${scavenges.reduce((a, b) => a + b, 0).toFixed(1)} ms\n`,
    );
  } finally {
    server.kill('SIGTERM');
    await new Promise((resolve) => server.once('exit', resolve));
    await fake.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
