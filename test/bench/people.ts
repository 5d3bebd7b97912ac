/**
 * `npm run bench:people`: people chat's fan-out. 2,000 WebSocket clients, 40 rooms of 50
 * members, one message a second per room for 60 s: the delivery latency (the post leaving →
 * the message on every member's socket) p50/p99, the server's CPU and peak RSS, and whether
 * every member got every message exactly once, printed beside the same fan-out done by a bare
 * `ws` broadcast server (people-bare.ts) in the same run. Each server runs in its own process,
 * one after the other, driven by the same client code (people-clients.ts).
 * Targets: Hearth's p99 ≤ 20 ms and ≤ 2× the bare p99; no message lost; RSS ≤ 300 MB.
 *
 * A report, not a test: a missed target is printed, not an exit code; only a failure (a server
 * that does not start, a refused socket) exits non-zero.
 *
 * HEARTH_BENCH_QUICK=1: 200 clients in 4 rooms for 10 s (CI; under a minute in all).
 */
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { startChild } from './child';
import type { BareInfo, BareOptions } from './people-bare';
import { runFleet, type FleetResult, type Target } from './people-clients';
import type { BenchMember, HearthInfo, HearthOptions } from './people-hearth';
import { summarize } from './stats';
import { renderTable } from './table';

const here = path.dirname(fileURLToPath(import.meta.url));
const quick = process.env.HEARTH_BENCH_QUICK === '1';
const plan = quick ? { rooms: 4, size: 50, seconds: 10 } : { rooms: 40, size: 50, seconds: 60 };
const TARGETS = { p99Ms: 20, ratioToBare: 2, rssMb: 300 };

/** Room r's members: a disjoint block of `size` members each. */
const layout = Array.from({ length: plan.rooms }, (_, r) =>
  Array.from({ length: plan.size }, (_, k) => r * plan.size + k),
);
const memberCount = plan.rooms * plan.size;

async function bare(): Promise<FleetResult> {
  const child = await startChild<BareInfo>(path.join(here, 'people-bare.ts'), { rooms: layout } satisfies BareOptions);
  try {
    const { url, wsUrl } = child.info;
    const target: Target = {
      name: 'bare ws',
      pid: child.pid,
      connect: (member) => new WebSocket(`${wsUrl}?user=${member}`),
      post: async (room, _sender, text) => {
        const res = await fetch(`${url}/post`, { method: 'POST', body: JSON.stringify({ room, text }) });
        if (res.status !== 201) throw new Error(`bare post: ${res.status}`);
      },
    };
    return await runFleet(target, layout, plan.seconds);
  } finally {
    await child.stop();
  }
}

/** Makes the rooms over HTTP, each by its first member, with the other members in it. */
async function makeRooms(url: string, members: BenchMember[]): Promise<string[]> {
  const ids: string[] = [];
  for (const [r, block] of layout.entries()) {
    const owner = members[block[0]!]!;
    const res = await fetch(`${url}/api/rooms`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: owner.cookie, 'x-csrf-token': owner.csrfToken },
      body: JSON.stringify({ name: `Bench room ${r + 1}`, memberIds: block.slice(1).map((m) => members[m]!.id) }),
    });
    if (res.status !== 201) throw new Error(`making room ${r + 1}: ${res.status} ${await res.text()}`);
    ids.push(((await res.json()) as { id: string }).id);
  }
  return ids;
}

async function hearth(): Promise<FleetResult> {
  const child = await startChild<HearthInfo>(
    path.join(here, 'people-hearth.ts'),
    { members: memberCount } satisfies HearthOptions,
    { readyTimeoutMs: 300_000 },
  );
  try {
    const { url, members } = child.info;
    const roomIds = await makeRooms(url, members);
    const origin = url;
    let clientIds = 0;
    const target: Target = {
      name: 'hearth',
      pid: child.pid,
      connect: (member) =>
        new WebSocket(`${url.replace(/^http/, 'ws')}/api/ws`, { headers: { cookie: members[member]!.cookie, origin } }),
      post: async (room, sender, text) => {
        const member = members[sender]!;
        const res = await fetch(`${url}/api/rooms/${roomIds[room]}/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', cookie: member.cookie, 'x-csrf-token': member.csrfToken },
          body: JSON.stringify({ text, clientId: `bench-${++clientIds}` }),
        });
        if (res.status !== 201) throw new Error(`hearth post: ${res.status} ${await res.text()}`);
      },
    };
    return await runFleet(target, layout, plan.seconds);
  } finally {
    await child.stop();
  }
}

const HEADER = ['server', 'clients', 'posts', 'delivered', 'lost', 'dupes', 'p50 ms', 'p95 ms', 'p99 ms'];
const HEADER_REST = ['post→201 p50', 'post→201 p99', 'cpu %', 'peak RSS MB'];

function row(name: string, r: FleetResult) {
  const s = summarize(r.latencies);
  const post = summarize(r.postTimes);
  const lost = r.expected - r.received;
  return [
    name,
    memberCount,
    r.messages,
    r.received,
    lost,
    r.duplicates,
    s.p50,
    s.p95,
    s.p99,
    post.p50,
    post.p99,
  ].concat([r.cpuPercent, r.peakRssMb]);
}

async function main(): Promise<void> {
  console.log(
    `people chat fan-out: ${memberCount} clients, ${plan.rooms} rooms of ${plan.size}, ` +
      `1 message/s per room for ${plan.seconds} s${quick ? ' (quick)' : ''}; ` +
      `${os.cpus().length} cores, load ${os.loadavg()[0]!.toFixed(2)}`,
  );
  const bareResult = await bare();
  const hearthResult = await hearth();
  console.log(
    renderTable(
      [...HEADER, ...HEADER_REST],
      [row('bare ws', bareResult), row('hearth', hearthResult)],
      [0, 0, 0, 0, 0, 0, 2, 2, 2, 2, 2, 1, 1],
    ),
  );
  const hp99 = summarize(hearthResult.latencies).p99;
  const bp99 = summarize(bareResult.latencies).p99;
  const lost = hearthResult.expected - hearthResult.received;
  const check = (ok: boolean, what: string) => console.log(`${ok ? 'met   ' : 'MISSED'}  ${what}`);
  check(hp99 <= TARGETS.p99Ms, `hearth p99 ${hp99.toFixed(2)} ms ≤ ${TARGETS.p99Ms} ms`);
  check(
    hp99 <= TARGETS.ratioToBare * bp99,
    `hearth p99 ≤ ${TARGETS.ratioToBare}× bare p99 (${bp99.toFixed(2)} ms): ${(hp99 / bp99).toFixed(2)}×`,
  );
  check(
    lost === 0 && hearthResult.duplicates === 0 && hearthResult.postErrors === 0,
    `no message lost or doubled (lost ${lost}, doubled ${hearthResult.duplicates}, failed posts ${hearthResult.postErrors})`,
  );
  check(
    hearthResult.peakRssMb <= TARGETS.rssMb,
    `hearth peak RSS ${hearthResult.peakRssMb.toFixed(0)} MB ≤ ${TARGETS.rssMb} MB`,
  );
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
