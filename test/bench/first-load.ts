/**
 * First-load bench (issue 15): what a phone downloads before it can sign in, and before the chat
 * screen is usable, on a throttled phone profile (Chrome's "Slow 4G": 150 ms round trip,
 * 1.6 Mbit/s down, 750 kbit/s up, and the CPU slowed 4×), set through the DevTools protocol.
 *
 * Two cold loads (a new browser context each time, so nothing is cached):
 *   - sign-in: `/login` until the username field is on screen and enabled;
 *   - chat: `/` with a session cookie until the message box is on screen (a new chat: no reply
 *     on screen, so the markdown code is not fetched);
 *   - a chat with a markdown reply: its page until the reply is rendered, so the markdown code
 *     counts; then one whose reply has code and a formula, so highlight.js and KaTeX (fetched only
 *     for such a reply) count too. Both reported against the same 300 KB.
 * Bytes are what went over the wire (compressed, headers included: CDP's encodedDataLength), so
 * they do not depend on the machine's noise and are checked as absolute figures: sign-in page
 * ≤ 120 KB of JavaScript, signed-in chat ≤ 300 KB. Times are reported, not judged.
 *
 * A report, not a test: PASS/MISS per target, exit 0 either way; non-zero only when something
 * breaks. `npx tsx test/bench/first-load.ts`; HEARTH_BENCH_QUICK=1 does fewer runs.
 */
import fs from 'node:fs';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { CHROMIUM_ARGS } from '#test/e2e/harness';
import { startFakeModelServer } from '#test/fakes/fake-model-server';
import { asUser, createUser, login } from '#test/helpers';
import { startBenchServer } from './bench-server';
import { summarize } from './stats';
import { renderTable } from './table';
import { ensureProductionBuild } from './web-build';

const quick = process.env.HEARTH_BENCH_QUICK === '1';
const RUNS = quick ? 2 : 5;
const TARGETS = { signInJsKb: 120, chatJsKb: 300 } as const;
/** Chrome DevTools' "Slow 4G" preset (bytes per second) and a mid-range phone's CPU. */
const PHONE = { latency: 150, downloadThroughput: (1.6 * 1024 * 1024) / 8, uploadThroughput: (750 * 1024) / 8 };
const CPU_SLOWDOWN = 4;

/** The replies of the last two screens: plain markdown, then one with code and a formula. */
const TEXT_REPLY = 'Here is **how**: mix the flour and the water, then\n\n- knead it\n- let it rest';
const RICH_REPLY = 'Here is **how**:\n\n```python\nprint(sum(range(10)))\n```\n\nand $e^{i\\pi} + 1 = 0$.';

type Load = { ms: number; jsBytes: number; allBytes: number; requests: number };

/** Loads `url` in a fresh throttled context; resolves when `selector` is visible and enabled. */
async function coldLoad(context: BrowserContext, url: string, selector: string): Promise<Load> {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', { offline: false, ...PHONE });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
  const types = new Map<string, string>();
  const urls = new Map<string, string>();
  const files: [string, number][] = [];
  const bytes = { js: 0, all: 0, requests: 0 };
  let counting = true;
  cdp.on('Network.responseReceived', (e) => {
    types.set(e.requestId, e.type);
    urls.set(e.requestId, e.response.url);
  });
  cdp.on('Network.loadingFinished', (e) => {
    if (!counting) return;
    bytes.all += e.encodedDataLength;
    bytes.requests += 1;
    if (types.get(e.requestId) === 'Script') bytes.js += e.encodedDataLength;
    files.push([new URL(urls.get(e.requestId) ?? 'http://x/?').pathname, e.encodedDataLength]);
  });
  const started = Date.now();
  await page.goto(url, { waitUntil: 'commit' });
  await page.locator(selector).waitFor({ state: 'visible', timeout: 60_000 });
  await page.waitForFunction((sel) => !document.querySelector<HTMLInputElement>(sel)?.disabled, selector);
  const ms = Date.now() - started;
  // Whatever the page still fetches for this screen (lazy chunks it asked for) counts too.
  await page.waitForLoadState('networkidle');
  counting = false;
  await page.close();
  // HEARTH_BENCH_FILES=1: which files the bytes are, biggest first (to see what to split off).
  if (process.env.HEARTH_BENCH_FILES) {
    console.log(`\n${url}`);
    for (const [path, size] of files.sort((a, b) => b[1] - a[1]))
      console.log(`${(size / 1024).toFixed(1).padStart(8)}  ${path}`);
  }
  return { ms, jsBytes: bytes.js, allBytes: bytes.all, requests: bytes.requests };
}

async function main(): Promise<void> {
  ensureProductionBuild();
  const fake = await startFakeModelServer();
  const { server, dataDir } = await startBenchServer(fake.openaiBaseUrl);
  let browser: Browser | undefined;
  try {
    const username = 'bench-phone';
    const password = 'correct horse battery staple';
    await createUser(server.app, { username, password });
    const baseUrl = server.url;
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
    // No service worker: its own fetches (the lazy chunks) would not show in the page's network log.
    const phone = {
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
      deviceScaleFactor: 3,
      serviceWorkers: 'block' as const,
    };

    // Chats with a rendered reply, for the last two screens; another member's, so that the chat
    // screen's member has no chat to reopen and shows a new one.
    await createUser(server.app, { username: 'bench-reader', password });
    const owner = await login(server.app, 'bench-reader', password);
    // Each chat's reply by its question (a title request in between would take a queued one).
    fake.setScript((request) => ({
      reply: JSON.stringify(request.body?.messages ?? '').includes('formula') ? RICH_REPLY : TEXT_REPLY,
    }));
    const chatWith = async (question: string) => {
      const created = await server.app.inject({
        method: 'POST',
        url: '/api/conversations',
        headers: asUser(owner),
        payload: {},
      });
      const id = created.json<{ id: string }>().id;
      const sent = await server.app.inject({
        method: 'POST',
        url: `/api/conversations/${id}/messages`,
        headers: asUser(owner),
        payload: { content: question, stream: false },
      });
      if (sent.statusCode !== 200)
        throw new Error(`could not make a chat with a reply: ${sent.statusCode} ${sent.body}`);
      return id;
    };
    const textChat = await chatWith('How do I make bread?');
    const richChat = await chatWith('Show me some code and a formula.');

    const signIn: Load[] = [];
    const chat: Load[] = [];
    const withText: Load[] = [];
    const withRich: Load[] = [];
    for (let i = 0; i < RUNS; i++) {
      const anonymous = await browser.newContext(phone);
      signIn.push(await coldLoad(anonymous, `${baseUrl}/login`, '[data-testid="login-username"]'));
      await anonymous.close();

      const session = await login(server.app, username, password);
      const signedIn = await browser.newContext(phone);
      const [name, value] = session.cookie.split(';')[0]!.split('=');
      await signedIn.addCookies([{ name: name!, value: value!, url: baseUrl }]);
      chat.push(await coldLoad(signedIn, `${baseUrl}/`, '[data-testid="composer-input"]'));
      await signedIn.close();

      const reader = await browser.newContext(phone);
      await reader.addCookies([{ name: name!, value: owner.cookie.split(';')[0]!.split('=')[1]!, url: baseUrl }]);
      withText.push(await coldLoad(reader, `${baseUrl}/c/${textChat}`, '.markdown:not(.is-plain) strong'));
      await reader.close();
      const richReader = await browser.newContext(phone);
      await richReader.addCookies([{ name: name!, value: owner.cookie.split(';')[0]!.split('=')[1]!, url: baseUrl }]);
      withRich.push(await coldLoad(richReader, `${baseUrl}/c/${richChat}`, '.katex'));
      await richReader.close();
    }

    const kb = (n: number) => n / 1024;
    const median = (loads: Load[], pick: (l: Load) => number) => summarize(loads.map(pick)).p50;
    const rows = [
      ['sign-in form', signIn, TARGETS.signInJsKb] as const,
      ['chat screen (signed in)', chat, TARGETS.chatJsKb] as const,
      ['a chat with a text reply', withText, TARGETS.chatJsKb] as const,
      ['a reply with code and maths', withRich, TARGETS.chatJsKb] as const,
    ].map(([label, loads, target]) => {
      const js = kb(median(loads, (l) => l.jsBytes));
      return [
        label,
        js,
        target,
        js <= target ? 'PASS' : 'MISS',
        kb(median(loads, (l) => l.allBytes)),
        median(loads, (l) => l.requests),
        median(loads, (l) => l.ms),
      ];
    });
    console.log(
      `\nFirst load on a throttled phone (Slow 4G: ${PHONE.latency} ms RTT, 1.6 Mbit/s; CPU ${CPU_SLOWDOWN}× slower), cold cache, median of ${RUNS}\n`,
    );
    console.log(
      renderTable(
        ['screen', 'JS KB (wire)', 'target KB', '', 'all KB (wire)', 'requests', 'ms to usable'],
        rows,
        [0, 1, 0, 0, 1, 0, 0],
      ),
    );
  } finally {
    await browser?.close();
    await server.close();
    await fake.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
