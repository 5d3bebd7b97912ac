/**
 * The client side of `npm run bench:people`: a fleet of real `ws` clients, one per member, and
 * the posting schedule (every room one message a second, rooms spread evenly over the second).
 * It measures what a member notices: the time from the post leaving to the message arriving on
 * each member's socket, and whether every member got every message exactly once. The same code
 * drives Hearth and the bare broadcast server (a Target each), so only the server differs.
 */
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import type WebSocket from 'ws';
import type { RawData } from 'ws';

/** A server under test, as the fleet drives it. */
export type Target = {
  name: string;
  pid: number;
  /** Opens member `member`'s socket (it must send a `hello` first). */
  connect(member: number): WebSocket;
  /** Posts `text` into room `room` as member `sender`; rejects unless the server stored it. */
  post(room: number, sender: number, text: string): Promise<void>;
};

/** What one run measured. */
export type FleetResult = {
  /** Post → member socket, one sample per delivery, in ms. */
  latencies: number[];
  /** Post → the server's 201, in ms. */
  postTimes: number[];
  messages: number;
  expected: number;
  received: number;
  duplicates: number;
  postErrors: number;
  /** Server CPU over the posting window, in % of one core. */
  cpuPercent: number;
  peakRssMb: number;
};

type Sent = { sentAt: number; room: number; seen: Set<number> };

const CONNECT_BATCH = 100;
const DRAIN_TIMEOUT_MS = 15_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until `done()` or DRAIN_TIMEOUT_MS (what is still missing then counts as lost). */
async function waitFor(done: () => boolean): Promise<void> {
  for (const end = performance.now() + DRAIN_TIMEOUT_MS; !done() && performance.now() < end;) await sleep(20);
}

/** utime + stime of a process, in clock ticks (100 a second on Linux). */
const cpuTicks = (pid: number) => {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return Number(fields[11]) + Number(fields[12]);
};
/** Resident set size of a process, in MB. */
export const rssMb = (pid: number) =>
  Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;

const textOf = (data: RawData) =>
  Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.from(data as ArrayBuffer).toString('utf8');

/** Connects every member (in batches), waiting for each socket's `hello`. */
async function connectAll(target: Target, members: number, onFrame: (member: number, text: string) => void) {
  const sockets: WebSocket[] = [];
  for (let start = 0; start < members; start += CONNECT_BATCH) {
    const batch = Array.from({ length: Math.min(CONNECT_BATCH, members - start) }, (_, k) => start + k);
    await Promise.all(
      batch.map(
        (member) =>
          new Promise<void>((resolve, reject) => {
            const socket = target.connect(member);
            sockets[member] = socket;
            socket.once('error', reject);
            socket.once('unexpected-response', (_req, res) =>
              reject(new Error(`${target.name}: member ${member}'s socket was refused with ${res.statusCode}`)),
            );
            socket.on('message', (data) => {
              const text = textOf(data);
              if (text.startsWith('{"type":"hello"')) resolve();
              else onFrame(member, text);
            });
          }),
      ),
    );
  }
  return sockets;
}

/**
 * Connects `rooms`' members to `target`, posts one message a second per room for `seconds`,
 * waits for the deliveries and closes the sockets.
 */
export async function runFleet(target: Target, rooms: readonly number[][], seconds: number): Promise<FleetResult> {
  const members = Math.max(...rooms.flat()) + 1;
  const sent = new Map<string, Sent>();
  const latencies: number[] = [];
  let received = 0;
  let duplicates = 0;
  const onFrame = (member: number, text: string) => {
    const now = performance.now();
    // The bench's texts are `bench:<key>`; anything else (presence, unread) is not measured.
    const at = text.indexOf('"text":"bench:');
    if (at < 0 || !text.startsWith('{"type":"room.message"')) return;
    const key = text.slice(at + 14, text.indexOf('"', at + 14));
    const entry = sent.get(key);
    if (!entry) return;
    if (entry.seen.has(member)) {
      duplicates += 1;
      return;
    }
    entry.seen.add(member);
    received += 1;
    latencies.push(now - entry.sentAt);
  };
  const sockets = await connectAll(target, members, onFrame);
  await sleep(1000); // let the connection burst settle before the clock starts
  // Warm-up, not counted: one post per room opens the HTTP connection and warms both sides' JIT.
  for (const [room, block] of rooms.entries()) {
    sent.set(`warm-${room}`, { sentAt: performance.now(), room, seen: new Set() });
    await target.post(room, block[0]!, `bench:warm-${room}`);
  }
  await waitFor(() => received >= rooms.length * (rooms[0]?.length ?? 0));
  sent.clear();
  latencies.length = 0;
  received = 0;

  let postErrors = 0;
  const postTimes: number[] = [];
  let peakRssMb = rssMb(target.pid);
  const rssTimer = setInterval(() => (peakRssMb = Math.max(peakRssMb, rssMb(target.pid))), 500);
  const ticks0 = cpuTicks(target.pid);
  const t0 = performance.now();
  const total = seconds * rooms.length;
  const gap = 1000 / rooms.length;
  for (let k = 0; k < total; k++) {
    const wait = t0 + k * gap - performance.now();
    if (wait > 1) await sleep(wait);
    const room = k % rooms.length;
    const round = Math.floor(k / rooms.length);
    const sender = rooms[room]![round % rooms[room]!.length]!;
    const key = `${room}-${round}`;
    const sentAt = performance.now();
    sent.set(key, { sentAt, room, seen: new Set() });
    target.post(room, sender, `bench:${key}`).then(
      () => postTimes.push(performance.now() - sentAt),
      () => (postErrors += 1),
    );
  }
  const expected = total * (rooms[0]?.length ?? 0);
  await waitFor(() => received >= expected);
  const window = (performance.now() - t0) / 1000;
  const cpuPercent = ((cpuTicks(target.pid) - ticks0) / 100 / window) * 100;
  clearInterval(rssTimer);
  peakRssMb = Math.max(peakRssMb, rssMb(target.pid));
  for (const socket of sockets) socket.terminate();
  return { latencies, postTimes, messages: total, expected, received, duplicates, postErrors, cpuPercent, peakRssMb };
}
