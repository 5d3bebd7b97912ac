/**
 * Library bench (issue 4): the conversation list and full-text search at household scale, each
 * beside a baseline measured in the same run.
 *   - list: `GET /api/conversations` (first page of 50, over HTTP) for a user with 10,000
 *     conversations — target p95 ≤ 100 ms; baseline: a user with 50. Also a deep page (by
 *     cursor) and the archived view.
 *   - search: `GET /api/conversations?q=` over 1,000,000 messages (4 users owning 55/25/15/5 %)
 *     — target p95 ≤ 50 ms; baseline: the plain LIKE scan search replaces, same data, same
 *     queries (a subset: it is slow). Queries are built from words of real messages of the
 *     searching user (content words, not the 150 most frequent): whole words, prefixes, two or
 *     three words, and some that match nothing. Queries made of or with the most frequent words
 *     ("the", "that", "this with your") and 2-letter prefixes are measured apart (no target).
 *   - write cost: a streaming reply's progress flushes and its final save, with the search
 *     triggers and without (the schema before migration 0005).
 *
 * A report, not a test: it prints PASS/MISS per target and exits 0 either way; non-zero only
 * when something breaks. `npx tsx test/bench/library-list-search.ts`; HEARTH_BENCH_QUICK=1:
 * 100,000 messages and fewer runs; HEARTH_BENCH_LIBRARY_DIR=<dir>: keep the generated data there
 * and reuse it next time (for working on search; figures after the first run include earlier
 * runs' extra writes).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import type { ConversationPage } from '#common/conversations';
import type { Db } from '#server/db/database';
import { applyQueue, createFts5Index } from '#server/conversations/search-fts5';
import { createLikeIndex } from '#server/conversations/search-like';
import { searchTerms } from '#server/conversations/search-terms';
import { asUser, createTestApp, login, type Session } from '#test/helpers';
import { rng } from './library-corpus';
import { prepareLibrary, type Library, type Sample } from './library-seed';
import { measureWrites } from './library-writes';
import { summarize, type Summary } from './stats';
import { renderTable, type Cell } from './table';

const quick = process.env.HEARTH_BENCH_QUICK === '1';
const plan = quick
  ? { messages: 100_000, listRuns: 50, queries: 120, likeQueries: 12, writeRuns: 100 }
  : { messages: 1_000_000, listRuns: 200, queries: 300, likeQueries: 20, writeRuns: 300 };
const LIST_CONVERSATIONS = 10_000;
const SHARES = [0.55, 0.25, 0.15, 0.05] as const;
/** Messages written through the triggers after the upgrade, as a share of the history. */
const LATER_SHARE = 0.02;
/** The most frequent words of the vocabulary (English function words): not used in queries. */
const COMMON_WORDS = 150;
const TARGETS = { listP95Ms: 100, searchP95Ms: 50 } as const;
const PAGE = 50;
const SEARCH_PAGE = 20;
const WARMUP = 10;

type Case = { label: string; samples: number[]; target?: number; note?: string };

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

/** Times `run` (after warm-up runs, told apart by `measured`), one call at a time, in ms. */
async function time(runs: number, run: (i: number, measured: boolean) => Promise<void>): Promise<number[]> {
  for (let i = 0; i < Math.min(WARMUP, runs); i++) await run(i, false);
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await run(i, true);
    samples.push(performance.now() - started);
  }
  return samples;
}

/**
 * Search queries as people type them: words of a message they remember — its content words, not
 * the most frequent ones ("that", "with"; those are measured apart) — whole, as a prefix being
 * typed, two or three of them, or misspelt.
 */
function buildQueries(
  samples: readonly Sample[],
  common: ReadonlySet<string>,
  count: number,
): { user: number; q: string }[] {
  const random = rng(99);
  const contentWords = (text: string) =>
    [...new Set(text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [])].filter((w) => w.length >= 3 && !common.has(w));
  const out: { user: number; q: string }[] = [];
  while (out.length < count && samples.length > 0) {
    const s = samples[Math.floor(random() * samples.length)]!;
    const words = contentWords(s.content);
    if (words.length < 3) continue;
    const pick = () => words[Math.floor(random() * words.length)]!;
    const r = random();
    let q: string;
    if (r < 0.35) q = pick();
    else if (r < 0.55) {
      const w = pick();
      q = w.slice(0, 3 + Math.floor(random() * Math.max(1, w.length - 3)));
    } else if (r < 0.8) q = `${pick()} ${pick()}`;
    else if (r < 0.9) q = `${pick()} ${pick()} ${pick()}`;
    else q = `${pick()}qz`; // a typo: matches nothing
    out.push({ user: s.user, q });
  }
  return out;
}

async function main() {
  const keep = process.env.HEARTH_BENCH_LIBRARY_DIR;
  const dir = keep ? path.resolve(keep) : fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-bench-library-'));
  const started = performance.now();
  let t: Awaited<ReturnType<typeof createTestApp>> | undefined;
  try {
    const saved = path.join(dir, 'library.json');
    let library: Library;
    if (keep && fs.existsSync(saved)) {
      library = JSON.parse(fs.readFileSync(saved, 'utf8')) as Library;
      console.log(`Reusing the data in ${dir} (HEARTH_BENCH_LIBRARY_DIR).\n`);
    } else {
      fs.mkdirSync(dir, { recursive: true });
      library = await prepareLibrary(dir, {
        messages: plan.messages,
        listConversations: LIST_CONVERSATIONS,
        shares: SHARES,
        pinned: 15,
        archived: 300,
        samples: plan.queries * 4,
        laterShare: LATER_SHARE,
      });
      if (keep) fs.writeFileSync(saved, JSON.stringify(library));
    }
    // The per-user request limit stays in the path, set high: the bench asks thousands of times a minute.
    t = await createTestApp({ HEARTH_DATA_DIR: dir, HEARTH_RATE_LIMIT_API_PER_MINUTE: '1000000000' });
    // The messages written after the upgrade wait in the queue: the first search or list applies them.
    const applyStarted = performance.now();
    const applied = await applyQueue(t.app.ctx.db);
    const queue = { documents: applied, seconds: (performance.now() - applyStarted) / 1000 };
    const sessions: Session[] = [];
    for (let i = 0; i < SHARES.length; i++) sessions.push(await login(t.app, `bench-${i}`, library.password));
    const smallSession = await login(t.app, 'bench-small', library.password);
    const smallHas = await t.app.inject({
      method: 'GET',
      url: '/api/conversations?limit=1',
      headers: asUser(smallSession),
    });
    for (let i = 0; i < 50 && smallHas.json<ConversationPage>().items.length === 0; i++) {
      await t.app.inject({
        method: 'POST',
        url: '/api/conversations',
        headers: asUser(smallSession),
        payload: { title: `Chat ${i}` },
      });
    }
    const seeded = library.history;
    const file = path.join(dir, 'hearth.sqlite');
    const db = t.app.ctx.db;

    await t.app.listen({ host: '127.0.0.1', port: 0 });
    const address = t.app.server.address();
    const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const get = async (session: Session, url: string) => {
      const res = await fetch(`${base}${url}`, { headers: { cookie: session.cookie } });
      if (res.status !== 200) throw new Error(`GET ${url}: ${res.status} ${await res.text()}`);
      return (await res.json()) as ConversationPage;
    };

    // ---- List ----
    const parent = sessions[0]!;
    const firstPage = async (session: Session, query = '') => {
      const page = await get(session, `/api/conversations?limit=${PAGE}${query}`);
      if (page.items.length !== PAGE && page.items.length !== 50) throw new Error(`list: ${page.items.length} items`);
    };
    let cursor: string | null = null;
    for (let i = 0; i < 100; i++)
      cursor = (await get(parent, `/api/conversations?limit=${PAGE}${cursor ? `&cursor=${cursor}` : ''}`)).nextCursor;
    const deep = `&cursor=${cursor!}`;
    const listCases: Case[] = [
      {
        label: 'baseline: user with 50 conversations, first page',
        samples: await time(plan.listRuns, () => firstPage(smallSession)),
      },
      {
        label: `${LIST_CONVERSATIONS.toLocaleString('en')} conversations, first page`,
        samples: await time(plan.listRuns, () => firstPage(parent)),
        target: TARGETS.listP95Ms,
      },
      {
        label: `${LIST_CONVERSATIONS.toLocaleString('en')} conversations, page 101 (cursor)`,
        samples: await time(plan.listRuns, () => firstPage(parent, deep)),
      },
      {
        label: 'archived view (300 of them), first page',
        samples: await time(plan.listRuns, () => firstPage(parent, '&archived=true')),
      },
    ];

    // ---- Search ----
    const common = new Set(seeded.words.slice(0, COMMON_WORDS));
    const queries = buildQueries([...seeded.samples, ...library.later.samples], common, plan.queries);
    let withHits = 0;
    const httpSearch = await time(queries.length, async (i, measured) => {
      const { user, q } = queries[i % queries.length]!;
      const page = await get(sessions[user]!, `/api/conversations?limit=${SEARCH_PAGE}&q=${encodeURIComponent(q)}`);
      if (measured && page.items.length > 0) withHits++;
    });
    const indexQuery = async (index: ReturnType<typeof createFts5Index>, i: number) => {
      const { user, q } = queries[i % queries.length]!;
      await index.search(sessions[user]!.user.id, searchTerms(q), { offset: 0, limit: SEARCH_PAGE });
    };
    const fts = createFts5Index(db);
    const like = createLikeIndex(db);
    const ftsAlone = await time(queries.length, (i) => indexQuery(fts, i));
    const likeAlone = await time(plan.likeQueries, (i) => indexQuery(like, i));
    const stress = ['the', 'that', 'in', 'ca', 'that garden', 'this with your'];
    const stressSamples = await time(stress.length * 4, async (i) => {
      await get(parent, `/api/conversations?limit=${SEARCH_PAGE}&q=${encodeURIComponent(stress[i % stress.length]!)}`);
    });
    const searchCases: Case[] = [
      {
        label: 'baseline: LIKE scan, index query alone',
        samples: likeAlone,
        note: `first ${plan.likeQueries} queries`,
      },
      { label: 'FTS5, index query alone', samples: ftsAlone },
      { label: 'FTS5, GET /api/conversations?q= (HTTP)', samples: httpSearch, target: TARGETS.searchP95Ms },
      {
        label: 'most frequent words, 2-letter prefixes (HTTP)',
        samples: stressSamples,
        note: stress.map((s) => `"${s}"`).join(' '),
      },
    ];

    // ---- Write cost while streaming ----
    const writes = await measureWrites(plan.writeRuns, { db, userId: parent.user.id });

    const sizes = await databaseSizes(db, file);
    print({ library, queue, listCases, searchCases, queries: queries.length, withHits, writes, sizes });
    console.log(
      `\nTotal time ${((performance.now() - started) / 1000).toFixed(0)} s; peak RSS ${mb(process.resourceUsage().maxRSS * 1024)}.`,
    );
  } finally {
    await t?.close();
    if (!keep) fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The database file and the search index's share of it (dbstat, when SQLite has it). */
async function databaseSizes(db: Db, file: string): Promise<{ file: number; index: number | null }> {
  let index: number | null;
  try {
    const { rows } = await sql<{
      bytes: number;
    }>`SELECT sum(pgsize) AS bytes FROM dbstat WHERE name LIKE 'search%'`.execute(db);
    index = Number(rows[0]?.bytes ?? 0);
  } catch {
    index = null; // built without dbstat
  }
  return { file: fs.statSync(file).size, index };
}

function caseRows(cases: readonly Case[], unit: 'ms'): Cell[][] {
  return cases.map((c) => {
    const s: Summary = summarize(c.samples);
    const verdict = c.target === undefined ? '' : s.p95 <= c.target ? 'PASS' : 'MISS';
    return [
      c.label,
      s.n,
      s.p50,
      s.p95,
      s.p99,
      c.target === undefined ? '' : `p95 ≤ ${c.target} ${unit}`,
      verdict,
      c.note ?? '',
    ];
  });
}

function print(r: {
  library: Library;
  queue: { documents: number; seconds: number };
  listCases: Case[];
  searchCases: Case[];
  queries: number;
  withHits: number;
  writes: Awaited<ReturnType<typeof measureWrites>>;
  sizes: { file: number; index: number | null };
}) {
  const { history, later } = r.library;
  const n = (x: number) => x.toLocaleString('en');
  console.log(`Hearth library benchmark: list and search${quick ? ' (quick mode: HEARTH_BENCH_QUICK=1)' : ''}\n`);
  console.log('Data:');
  console.log(
    `  ${n(history.messages + later.messages)} messages in ${n([...history.conversations, ...later.conversations].reduce((a, b) => a + b, 0))} conversations; ` +
      `conversations per user: ${history.conversations.map((c, i) => `${n(c + (later.conversations[i] ?? 0))} (${Math.round(SHARES[i]! * 100)} % of messages)`).join(', ')}`,
  );
  console.log(`  vocabulary ${n(history.words.length)} words (Zipf); replies ~440 characters on average`);
  console.log(
    `  history: ${n(history.messages)} messages written in ${history.seconds.toFixed(0)} s with the schema before search;`,
  );
  console.log(`  upgrade: migration 0005 indexed them in ${r.library.migrationSeconds.toFixed(0)} s;`);
  console.log(
    `  then ${n(later.messages)} more written with the search triggers in ${later.seconds.toFixed(1)} s ` +
      `(${((later.seconds * 1e6) / Math.max(1, later.messages)).toFixed(0)} µs per message, text generation included),`,
  );
  console.log(
    `  and the ${n(r.queue.documents)} index changes they queued applied in ${r.queue.seconds.toFixed(2)} s (as the next search does, in chunks of 1,000);`,
  );
  console.log(
    `  database ${mb(r.sizes.file)}${r.sizes.index === null ? '' : `, of which the search index ${mb(r.sizes.index)}`}\n`,
  );
  const header = ['case', 'n', 'p50 ms', 'p95 ms', 'p99 ms', 'target', 'result', 'note'];
  console.log('List: GET /api/conversations?limit=50 over HTTP, one request at a time (conversation columns only)');
  console.log(renderTable(header, caseRows(r.listCases, 'ms'), [0, 0, 2, 2, 2]));
  console.log(
    `\nSearch: ${r.queries} queries from the searching user's own messages (${r.withHits} with results), first page of ${SEARCH_PAGE}`,
  );
  console.log(renderTable(header, caseRows(r.searchCases, 'ms'), [0, 0, 2, 2, 2]));
  console.log('\nWrite cost of one reply (µs per call; a reply flushes every 500 ms while it streams)');
  console.log(
    renderTable(
      ['database', 'insert exchange p50', 'p95', 'progress flush p50', 'p95', 'final save p50', 'p95'],
      r.writes.map((w) => [w.label, w.insert.p50, w.insert.p95, w.flush.p50, w.flush.p95, w.final.p50, w.final.p95]),
      0,
    ),
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
