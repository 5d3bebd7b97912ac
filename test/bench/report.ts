/** The streaming bench's printed report: per-path percentiles, what Hearth adds, the targets. */
import { summarize, type Summary } from './stats';
import { renderTable, type Cell } from './table';

/** The measured paths; `hearth-b` only in an A/B run. */
export type PathName = 'direct' | 'sdk' | 'hearth' | 'hearth-b';

/** Raw samples of one path in one scenario, in milliseconds. */
export type Samples = { ttft: number[]; gaps: number[] };
type ByPath = Partial<Record<PathName, Samples>> & Record<'direct' | 'sdk' | 'hearth', Samples>;

export type Results = {
  one: ByPath;
  many: ByPath;
  streams: number;
  /** The fake's token interval: the direct path's gaps should sit close to it. */
  tokenIntervalMs: number;
  /** Each Hearth's resident set size in bytes, after start and at the end. */
  rss: { start: Record<string, number>; end: Record<string, number> };
};

/**
 * The targets, in milliseconds, both against the SDK relay of the same run: Hearth's
 * TTFT p50 at 1 stream above the relay's, and Hearth's added inter-token p99 at 100 streams
 * above the relay's added p99.
 */
export const TARGETS = { ttftP50AboveSdk: 1.0, gapP99AboveSdk: 3 } as const;

/** Direct inter-token p99 above this many token intervals marks a scenario's figures as noisy. */
const NOISY_FACTOR = 1.5;

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const diff = (a: Summary, b: Summary): Summary => ({
  n: a.n,
  p50: a.p50 - b.p50,
  p95: a.p95 - b.p95,
  p99: a.p99 - b.p99,
});

function rows(scenario: string, data: ByPath): Cell[][] {
  const paths = (Object.keys(data) as PathName[]).filter((p) => data[p]);
  const s = Object.fromEntries(
    paths.map((p) => [p, { ttft: summarize(data[p]!.ttft), gaps: summarize(data[p]!.gaps) }]),
  ) as Record<PathName, { ttft: Summary; gaps: Summary }>;
  const row = (label: string, t: Summary, g: Summary, counts = true): Cell[] => [
    scenario,
    label,
    counts ? t.n : '',
    t.p50,
    t.p95,
    t.p99,
    counts ? g.n : '',
    g.p50,
    g.p95,
    g.p99,
  ];
  const minus = (a: PathName, b: PathName) =>
    row(`${a} - ${b}`, diff(s[a].ttft, s[b].ttft), diff(s[a].gaps, s[b].gaps), false);
  return [
    ...paths.map((p) => row(p, s[p].ttft, s[p].gaps)),
    minus('sdk', 'direct'),
    minus('hearth', 'direct'),
    minus('hearth', 'sdk'),
    ...(s['hearth-b'] ? [minus('hearth-b', 'sdk'), minus('hearth-b', 'hearth')] : []),
  ];
}

/** Renders the whole report. */
export function report(r: Results): string {
  const results = renderTable(
    ['scenario', 'path', 'streams', 'TTFT p50', 'TTFT p95', 'TTFT p99', 'gaps', 'gap p50', 'gap p95', 'gap p99'],
    [...rows('1 stream', r.one), ...rows(`${r.streams} streams`, r.many)],
    [2, 2, 0, 2, 2, 2, 0, 2, 2, 2],
  );
  // The baseline itself is the noise gauge: straight from the fake, gaps should be the interval.
  const noisy = (data: ByPath) => summarize(data.direct.gaps).p99 > NOISY_FACTOR * r.tokenIntervalMs;
  const hearths = (['hearth', 'hearth-b'] as const).filter((h) => r.one[h]);
  const target = (name: string, data: ByPath, pick: (x: Samples) => number, limit: number): Cell[][] =>
    hearths.map((h) => {
      const above = pick(data[h]!) - pick(data.sdk);
      return [
        `${name} (${h})`,
        pick(data.sdk) - pick(data.direct),
        pick(data[h]!) - pick(data.direct),
        above,
        `<= ${limit.toFixed(2)}`,
        (above <= limit ? 'PASS' : 'MISS') + (noisy(data) ? ' (noisy)' : ''),
      ];
    });
  const targets = renderTable(
    ['target', 'sdk added', 'hearth added', 'hearth above sdk', 'limit', 'result'],
    [
      ...target('TTFT p50 at 1 stream', r.one, (x) => summarize(x.ttft).p50, TARGETS.ttftP50AboveSdk),
      ...target(
        `inter-token p99 at ${r.streams} streams`,
        r.many,
        (x) => summarize(x.gaps).p99,
        TARGETS.gapP99AboveSdk,
      ),
    ],
  );
  return [
    'Results (milliseconds; "streams" and "gaps" are sample counts; "a - b" rows subtract percentiles):',
    results,
    '',
    'Hearth against the SDK relay (milliseconds; "added" is over direct):',
    targets,
    '',
    ...(noisy(r.one) || noisy(r.many)
      ? [
          `"(noisy)": in that scenario even the direct path's inter-token p99 exceeded ${NOISY_FACTOR} x the fake's`,
          `${r.tokenIntervalMs} ms interval: the machine was busy with something else. Run again on a quiet machine.`,
          '',
        ]
      : []),
    ...hearths.map(
      (h) => `RSS of ${h}: ${mb(r.rss.start[h] ?? NaN)} after start, ${mb(r.rss.end[h] ?? NaN)} at the end.`,
    ),
  ].join('\n');
}
