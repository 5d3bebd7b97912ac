/**
 * Summarises a V8 CPU profile (`node --cpu-prof`, e.g. from HEARTH_BENCH_CPU_PROF=<dir> npm run
 * bench): the functions with the most self time, and the project files with the most time
 * including what they call.
 *
 *   npx tsx test/bench/profile-summary.ts <file.cpuprofile> [top=25]
 */
import fs from 'node:fs';
import path from 'node:path';
import { renderTable } from './table';

type CallFrame = { functionName: string; url: string; lineNumber: number };
type ProfileNode = { id: number; callFrame: CallFrame; children?: number[] };
type CpuProfile = { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number };

const root = process.cwd();

function where(frame: CallFrame): string {
  const file = frame.url.replace(/^file:\/\//, '');
  const short = file.startsWith(root) ? path.relative(root, file) : file.replace(/^.*node_modules\//, '');
  return `${frame.functionName || '(anonymous)'} ${short || '(native)'}:${frame.lineNumber + 1}`;
}

function main(): void {
  const [file, topArg] = process.argv.slice(2);
  if (!file) throw new Error('usage: profile-summary.ts <file.cpuprofile> [top]');
  const top = Number(topArg ?? 25);
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

  // Each sample's time goes to its node (self) and, once per sample, to every distinct frame above it.
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const dt = (profile.timeDeltas[i] ?? 0) / 1000;
    total += dt;
    const node = byId.get(id)!;
    const key = where(node.callFrame);
    self.set(key, (self.get(key) ?? 0) + dt);
    const seen = new Set<string>();
    for (let n: number | undefined = id; n !== undefined; n = parent.get(n)) {
      const frame = byId.get(n)!.callFrame;
      if (!frame.url.includes(`${root}/`) || frame.url.includes('node_modules')) continue;
      const k = where(frame);
      if (seen.has(k)) continue;
      seen.add(k);
      inclusive.set(k, (inclusive.get(k) ?? 0) + dt);
    }
  });
  const idle = self.get('(idle) (native):0') ?? 0;
  const rank = (m: Map<string, number>) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, ms]) => [k, ms, (100 * ms) / (total - idle)]);
  process.stdout.write(`${file}: ${(total / 1000).toFixed(1)} s sampled, ${((total - idle) / 1000).toFixed(1)} s busy\n\n`);
  process.stdout.write(`Self time (ms, % of busy):\n${renderTable(['function', 'ms', '%'], rank(self), 1)}\n\n`);
  process.stdout.write(`Project functions, including callees (ms, % of busy):\n${renderTable(['function', 'ms', '%'], rank(inclusive), 1)}\n`);
}

main();
