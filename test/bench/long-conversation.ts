/**
 * Long-conversation bench (issue 4): a conversation of 5,000 messages against the same kind of
 * conversation with 50 (the baseline), measured in the same run:
 *   - server: `GET /api/conversations/:id?limit=50` (the first page) — target p95 ≤ 50 ms;
 *   - open: in Chromium, from the first page's data arriving in the app (the performance mark
 *     `hearth:conversation-data`, set when the fetch resolves) to the first paint with the last
 *     message on screen — target ≤ 300 ms (median of the runs; the worst is printed too);
 *   - scroll: frame times while scrolling up through older pages (loaded as the list nears its
 *     top) — target p95 frame time ≤ 25 ms (1.5 frames at 60 Hz); dropped frames printed too.
 *
 * A report, not a test: it prints PASS/MISS per target and exits 0 either way; non-zero only when
 * something breaks. `npx tsx test/bench/long-conversation.ts`; HEARTH_BENCH_QUICK=1: fewer runs
 * and a 1,000-message conversation.
 */
import { CHROMIUM_ARGS } from '#test/e2e/harness';
import fs from 'node:fs';
import os from 'node:os';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { RunningServer } from '#server/main';
import { createUser, login, type Session } from '#test/helpers';
import { ensureProductionBuild } from './web-build';
import { seedLongConversation } from '#test/e2e/long-chat';
import { startBenchServer } from './bench-server';
import { summarize } from './stats';
import { renderTable, type Cell } from './table';

const quick = process.env.HEARTH_BENCH_QUICK === '1';
const plan = quick
  ? { long: 1000, serverRuns: 20, openRuns: 3, scrollRuns: 1, scrollMs: 3000 }
  : { long: 5000, serverRuns: 50, openRuns: 8, scrollRuns: 2, scrollMs: 6000 };
const BASELINE = 50;
const PAGE = 50;
/** Pixels scrolled per frame: 4,800 px/s at 60 Hz, a brisk flick through history. */
const SCROLL_PX_PER_FRAME = 80;
const TARGETS = { serverP95Ms: 50, openMs: 300, scrollP95Ms: 25 } as const;

type Fixture = { label: string; count: number; conversationId: string; lastId: string };

async function seed(
  server: RunningServer,
): Promise<{ session: Session; username: string; password: string; fixtures: Fixture[] }> {
  const username = 'bench-long';
  const password = 'correct horse battery staple';
  await createUser(server.app, { username, password });
  const session = await login(server.app, username, password);
  const fixtures: Fixture[] = [];
  for (const count of [BASELINE, plan.long]) {
    const { conversationId, messages } = await seedLongConversation(server.app, session, count);
    fixtures.push({
      label: `${count.toLocaleString('en')} messages`,
      count,
      conversationId,
      lastId: messages.at(-1)!.id,
    });
  }
  return { session, username, password, fixtures };
}

/** First-page response times over HTTP (keep-alive, one request at a time, the two conversations in turn), in ms. */
async function serverFirstPages(baseUrl: string, session: Session, fixtures: readonly Fixture[]): Promise<number[][]> {
  const get = async (fixture: Fixture) => {
    const url = `${baseUrl}/api/conversations/${fixture.conversationId}?limit=${PAGE}`;
    const started = performance.now();
    const res = await fetch(url, { headers: { cookie: session.cookie } });
    const body = (await res.json()) as { messages?: unknown[] };
    const ms = performance.now() - started;
    if (res.status !== 200 || body.messages?.length !== Math.min(PAGE, fixture.count)) {
      throw new Error(`first page of ${fixture.label}: ${res.status}, ${body.messages?.length} messages`);
    }
    return ms;
  };
  for (let i = 0; i < 5; i++) for (const f of fixtures) await get(f); // warm-up: JIT, SQLite page cache
  const samples = fixtures.map(() => [] as number[]);
  for (let i = 0; i < plan.serverRuns; i++) {
    for (const [k, f] of fixtures.entries()) samples[k]!.push(await get(f));
  }
  return samples;
}

async function signIn(page: Page, baseUrl: string, username: string, password: string): Promise<void> {
  await page.goto(baseUrl);
  await page.locator('[data-testid="login-username"]').fill(username);
  await page.locator('[data-testid="login-password"]').fill(password);
  await page.locator('[data-testid="login-submit"]').click();
  await page.locator('[data-testid="composer-input"]').waitFor({ state: 'visible' });
}

/**
 * Installed before the app runs: watches for the last message's row, and once it is in the DOM
 * and on screen, records the time just after the next paint (a task posted from the frame's
 * requestAnimationFrame runs after that frame is painted).
 */
function installPaintProbe(lastIds: Record<string, string>): void {
  const w = window as unknown as { __benchPaint?: number };
  const lastId = lastIds[decodeURIComponent(location.pathname.split('/')[2] ?? '')];
  if (!lastId) return;
  const onScreen = (el: Element) => {
    const r = el.getBoundingClientRect();
    return r.height > 0 && r.bottom > 0 && r.top < window.innerHeight;
  };
  const afterPaint = () =>
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => (w.__benchPaint ??= performance.now());
      channel.port2.postMessage(0);
    });
  let watching = false;
  const check = () => {
    const el = document.querySelector(`[data-message-id="${lastId}"]`);
    if (!el || watching) return;
    watching = true;
    observer.disconnect();
    // In the DOM; wait (frame by frame) until the list has scrolled it on screen.
    const poll = () => (onScreen(el) ? afterPaint() : requestAnimationFrame(poll));
    poll();
  };
  const observer = new MutationObserver(check);
  document.addEventListener('DOMContentLoaded', () =>
    observer.observe(document.body, { childList: true, subtree: true }),
  );
}

/** Opens the conversation afresh; data → last message painted, in ms. */
async function openOnce(page: Page, baseUrl: string, fixture: Fixture): Promise<number> {
  await page.goto(`${baseUrl}/c/${fixture.conversationId}`);
  const handle = await page.waitForFunction(
    () => {
      const w = window as unknown as { __benchPaint?: number };
      const mark = performance.getEntriesByName('hearth:conversation-data')[0];
      return w.__benchPaint !== undefined && mark ? w.__benchPaint - mark.startTime : null;
    },
    undefined,
    { timeout: 30_000, polling: 50 },
  );
  return (await handle.jsonValue()) as number;
}

type ScrollResult = { frames: number[]; pagesLoaded: number; messagesAtEnd: number; reachedTop: boolean };

/**
 * Scrolls up SCROLL_PX_PER_FRAME per frame for `ms` (back down when the top is reached, so both
 * conversations scroll for the same time), recording the interval between frames.
 */
async function scrollFrames(page: Page, baseUrl: string, fixture: Fixture): Promise<ScrollResult> {
  await page.goto(`${baseUrl}/c/${fixture.conversationId}`);
  await page.locator(`[data-message-id="${fixture.lastId}"]`).waitFor();
  await page.waitForTimeout(500); // let the opening settle (markdown chunk, measurements)
  const before = await page.evaluate(
    () => performance.getEntriesByType('resource').filter((e) => e.name.includes('before=')).length,
  );
  const result = await page.evaluate(
    ({ ms, px }) =>
      new Promise<{ frames: number[]; reachedTop: boolean }>((resolve) => {
        const el = document.querySelector<HTMLElement>('[data-testid="message-scroller"]')!;
        const frames: number[] = [];
        let last: number | null = null;
        let direction = -1;
        let reachedTop = false;
        const start = performance.now();
        const tick = (t: number) => {
          if (last !== null) frames.push(t - last);
          last = t;
          if (t - start > ms) return resolve({ frames, reachedTop });
          if (direction < 0 && el.scrollTop <= 0) {
            reachedTop = true;
            direction = 1;
          } else if (direction > 0 && el.scrollTop + el.clientHeight >= el.scrollHeight - 1) direction = -1;
          el.scrollBy(0, direction * px);
          requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
      }),
    { ms: plan.scrollMs, px: SCROLL_PX_PER_FRAME },
  );
  const after = await page.evaluate(() => ({
    pages: performance.getEntriesByType('resource').filter((e) => e.name.includes('before=')).length,
  }));
  const messagesAtEnd = await page.evaluate(() => document.querySelectorAll('[data-message-id]').length);
  return { ...result, pagesLoaded: after.pages - before, messagesAtEnd };
}

/** Frames lost: an interval of k vsyncs means k-1 frames were not drawn. */
function droppedFrames(frames: number[]): { dropped: number; vsync: number } {
  const vsync = summarize(frames).p50;
  const dropped = frames.reduce((n, f) => n + Math.max(0, Math.round(f / vsync) - 1), 0);
  return { dropped, vsync };
}

const verdict = (ok: boolean) => (ok ? 'PASS' : 'MISS');

async function main(): Promise<void> {
  ensureProductionBuild();
  const { server, dataDir } = await startBenchServer(null);
  let browser: Browser | null = null;
  try {
    const seeded = await seed(server);
    const [baseline, long] = seeded.fixtures as [Fixture, Fixture];

    const [server50, serverLong] = (await serverFirstPages(server.url, seeded.session, [baseline, long])) as [
      number[],
      number[],
    ];

    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    // tsx (esbuild, keepNames) wraps named functions in __name(): functions sent to the page need it.
    await context.addInitScript({ content: 'globalThis.__name = (fn) => fn;' });
    const page = await context.newPage();
    await signIn(page, server.url, seeded.username, seeded.password);
    await context.addInitScript(installPaintProbe, {
      [baseline.conversationId]: baseline.lastId,
      [long.conversationId]: long.lastId,
    });
    // Warm-up (not recorded), then the two conversations in turn, swapping which goes first.
    await openOnce(page, server.url, baseline);
    await openOnce(page, server.url, long);
    const b = { open: [] as number[], scroll: [] as ScrollResult[] };
    const l = { open: [] as number[], scroll: [] as ScrollResult[] };
    for (let run = 0; run < plan.openRuns; run++) {
      const order =
        run % 2 === 0
          ? ([
              [baseline, b],
              [long, l],
            ] as const)
          : ([
              [long, l],
              [baseline, b],
            ] as const);
      for (const [fixture, into] of order) into.open.push(await openOnce(page, server.url, fixture));
    }
    for (let run = 0; run < plan.scrollRuns; run++) {
      const order =
        run % 2 === 0
          ? ([
              [baseline, b],
              [long, l],
            ] as const)
          : ([
              [long, l],
              [baseline, b],
            ] as const);
      for (const [fixture, into] of order) into.scroll.push(await scrollFrames(page, server.url, fixture));
    }
    await context.close();
    const frames = (r: ScrollResult[]) => r.flatMap((x) => x.frames);
    const pages = (r: ScrollResult[]) => r.reduce((n, x) => n + x.pagesLoaded, 0);

    const s50 = summarize(server50);
    const sLong = summarize(serverLong);
    const o50 = summarize(b.open);
    const oLong = summarize(l.open);
    const f50 = summarize(frames(b.scroll));
    const fLong = summarize(frames(l.scroll));
    const d50 = droppedFrames(frames(b.scroll));
    const dLong = droppedFrames(frames(l.scroll));
    const pct = (d: number, frames: number) => (100 * d) / (frames + d);

    const rows: Cell[][] = [
      ['server: first page p50 (ms)', s50.p50, sLong.p50, '', ''],
      [
        'server: first page p95 (ms)',
        s50.p95,
        sLong.p95,
        `≤ ${TARGETS.serverP95Ms}`,
        verdict(sLong.p95 <= TARGETS.serverP95Ms),
      ],
      [
        'open: data → last message painted, median (ms)',
        o50.p50,
        oLong.p50,
        `≤ ${TARGETS.openMs}`,
        verdict(oLong.p50 <= TARGETS.openMs),
      ],
      ['open: worst run (ms)', Math.max(...b.open), Math.max(...l.open), '', ''],
      ['scroll: frame time p50 (ms)', f50.p50, fLong.p50, '', ''],
      [
        'scroll: frame time p95 (ms)',
        f50.p95,
        fLong.p95,
        `≤ ${TARGETS.scrollP95Ms}`,
        verdict(fLong.p95 <= TARGETS.scrollP95Ms),
      ],
      ['scroll: frame time p99 (ms)', f50.p99, fLong.p99, '', ''],
      ['scroll: dropped frames (%)', pct(d50.dropped, f50.n), pct(dLong.dropped, fLong.n), '', ''],
      [
        'scroll: frames / older pages loaded',
        `${f50.n} / ${pages(b.scroll)}`,
        `${fLong.n} / ${pages(l.scroll)}`,
        '',
        '',
      ],
    ];
    const load = os.loadavg()[0]!;
    console.log(
      [
        `Hearth long-conversation benchmark${quick ? ' (quick mode: HEARTH_BENCH_QUICK=1)' : ''}`,
        '',
        'Method:',
        `  - One Hearth process (temporary SQLite); two conversations of realistic markdown, seeded in one branch:`,
        `    ${BASELINE} messages (baseline) and ${plan.long.toLocaleString('en')}. The web app loads the newest ${PAGE} and pages back on scroll-up.`,
        `  - server: GET /api/conversations/:id?limit=${PAGE}, ${plan.serverRuns} sequential requests after 5 warm-up ones, timed in this process.`,
        `  - open: Chromium (headless, 1280x800), one signed-in tab; ${plan.openRuns} fresh page loads of /c/:id per conversation after one`,
        "    warm-up each, the two conversations in turn; from the app's mark when the first page's fetch resolved to just after",
        '    the first paint with the last message on screen.',
        `  - scroll: ${plan.scrollRuns} x ${plan.scrollMs / 1000} s per conversation (in turn) scrolling up ${SCROLL_PX_PER_FRAME} px per frame (back down at the top),`,
        '    interval between animation frames;',
        `    dropped = frames missed against the median interval (${dLong.vsync.toFixed(1)} ms here).`,
        `Machine: ${os.availableParallelism()} cores, load average ${load.toFixed(2)} (1 min) at the end, Node ${process.version}.`,
        ...(load > os.availableParallelism()
          ? ['WARNING: the machine was busy with something else; expect noisy, inflated figures.']
          : []),
        '',
        renderTable(['measure', baseline.label, long.label, 'target', 'result'], rows, 1),
        '',
        `Rows in the DOM after scrolling: ${b.scroll.map((x) => x.messagesAtEnd).join(', ')} (baseline) / ${l.scroll.map((x) => x.messagesAtEnd).join(', ')} (long).`,
      ].join('\n'),
    );
  } finally {
    await browser?.close().catch(() => undefined);
    await server.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
