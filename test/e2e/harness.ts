/**
 * Browser-test harness: a fake model server, a real Hearth server listening on a random
 * 127.0.0.1 port, and Debian's Chromium driven by playwright-core. One server and one browser
 * per test file; a fresh browser context (cookies, storage) per test.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { loadConfig } from '#server/config';
import { startServer, type RunningServer } from '#server/main';
import { createUser } from '#test/helpers';
import {
  startFakeModelServer,
  type FakeModelServer,
  type FakeModelServerOptions,
  type FakeScript,
  type RecordedRequest,
  DEFAULT_REPLY,
} from '#test/fakes/fake-model-server';
import { PageWatch } from './page-watch';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const webIndex = path.join(repoRoot, 'dist/web/index.html');
const screenshotDir = path.join(repoRoot, 'test/e2e/screenshots');

/** Chromium flags: headless, and nothing that phones home (the suite allows 127.0.0.1 only). */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The newest modification time of any file under `dir` (0 when it does not exist). */
function newestMtime(dir: string): number {
  if (!fs.existsSync(dir)) return 0;
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, fs.statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

/**
 * Builds the web app into dist/web when it is missing or older than its sources (web/, and
 * common/ which it imports) — a stale bundle would test yesterday's UI. The flock keeps two suites from emptying dist/web under each other.
 */
export function ensureWebAppBuilt(): void {
  const built = fs.existsSync(webIndex) ? fs.statSync(webIndex).mtimeMs : 0;
  const sources = Math.max(newestMtime(path.join(repoRoot, 'web')), newestMtime(path.join(repoRoot, 'common')));
  if (built > 0 && built >= sources) return;
  execFileSync('flock', ['/tmp/hearth-web-build.lock', 'npx', 'vite', 'build', '--logLevel', 'warn'], {
    cwd: repoRoot,
    stdio: 'inherit',
    timeout: 120_000,
    // Vitest sets NODE_ENV=test, which would build React's development bundle: test what ships.
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (!fs.existsSync(webIndex)) throw new Error('vite build did not produce dist/web/index.html');
}

/** The text of the last user message in a chat request the fake received. */
export function lastUserText(request: RecordedRequest): string | undefined {
  const messages = request.body?.messages;
  if (!Array.isArray(messages)) return undefined;
  const last = (messages as { role?: unknown; content?: unknown }[]).findLast((m) => m.role === 'user');
  return typeof last?.content === 'string' ? last.content : undefined;
}

/** Everything one test file needs: servers, a user, a browser. */
export type E2E = {
  fake: FakeModelServer;
  /**
   * Makes the fake answer the user message `prompt` with `script`. Keyed by prompt rather than
   * queued, so an extra model call (a title, a retry) cannot shift every later reply.
   */
  script: (prompt: string, script: FakeScript) => void;
  /** The chat request the fake received for `prompt` (the newest one), once it arrived. */
  chatRequestFor: (prompt: string, timeoutMs?: number) => Promise<RecordedRequest>;
  hearth: RunningServer;
  /** Origin of the Hearth server, e.g. http://127.0.0.1:41234 */
  baseUrl: string;
  username: string;
  password: string;
  /**
   * Another user of the same server. Sign-in reopens a user's last conversation (issue 4), so
   * tests that expect to start on an empty chat use a user of their own.
   */
  newUser: () => Promise<{ username: string; password: string }>;
  browser: Browser;
  /** A fresh context (own cookies) with watched pages; closed by `closeContexts()`. */
  newContext: (options?: BrowserContextOptions) => Promise<BrowserContext>;
  /** A new watched page in `context` (a new context when omitted). */
  newPage: (context?: BrowserContext) => Promise<Page>;
  /** The watcher of a page made by newPage (errors and requests). */
  watch: (page: Page) => PageWatch;
  /** Closes this test's contexts and fails on unexpected page errors or foreign requests. */
  closeContexts: () => Promise<void>;
  close: () => Promise<void>;
};

/**
 * Starts the fake model server, a real Hearth server pointed at it, a user, and Chromium.
 * Call in `beforeAll`; call `closeContexts()` in `afterEach` and `close()` in `afterAll`.
 */
export async function startE2E(fakeOptions: Omit<FakeModelServerOptions, 'script'> = {}): Promise<E2E> {
  ensureWebAppBuilt();
  const scripts = new Map<string, FakeScript>();
  const fake = await startFakeModelServer({
    ...fakeOptions,
    script: (request) => scripts.get(lastUserText(request) ?? '') ?? { reply: DEFAULT_REPLY },
  });
  const script = (prompt: string, s: FakeScript) => void scripts.set(prompt, s);
  const chatRequestFor = async (prompt: string, timeoutMs = 5000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = fake.chatRequests().findLast((r) => lastUserText(r) === prompt);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`the fake model server never received a chat request for "${prompt}"`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-e2e-'));
  const hearth = await startServer(
    loadConfig({
      HEARTH_HOST: '127.0.0.1',
      HEARTH_PORT: '0',
      HEARTH_DATA_DIR: dataDir,
      HEARTH_MODEL_SERVERS: `openai=${fake.openaiBaseUrl}`,
      HEARTH_PROBE_DEFAULT_SERVERS: '0',
      // The "model server down" test must not see a cached model list from before.
      HEARTH_MODELS_CACHE_SECONDS: '0',
      HEARTH_LOG_LEVEL: 'silent',
    }),
    { quiet: true },
  );
  const { user, password } = await createUser(hearth.app, { username: 'alice', displayName: 'Alice' });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });

  let users = 0;
  const newUser = async () => {
    const made = await createUser(hearth.app, { username: `member${++users}` });
    return { username: made.user.username, password: made.password };
  };

  const baseUrl = hearth.url;
  const contexts: BrowserContext[] = [];
  const watches = new Map<Page, PageWatch>();

  const newContext = async (options: BrowserContextOptions = {}) => {
    // Service workers off unless a test asks (pwa.test.ts): a cached asset must not hide a rebuilt one.
    const context = await browser.newContext({
      viewport: { width: 1280, height: 800 },
      serviceWorkers: 'block',
      ...options,
    });
    context.setDefaultTimeout(10_000);
    context.setDefaultNavigationTimeout(15_000);
    // Every page in the context is watched, including ones the app might open itself.
    context.on('page', (page) => {
      if (!watches.has(page)) watches.set(page, new PageWatch(page, baseUrl));
    });
    contexts.push(context);
    return context;
  };
  const newPage = async (context?: BrowserContext) => {
    const page = await (context ?? (await newContext())).newPage();
    if (!watches.has(page)) watches.set(page, new PageWatch(page, baseUrl));
    return page;
  };
  const watch = (page: Page) => {
    const w = watches.get(page);
    if (!w) throw new Error('page was not made by the harness');
    return w;
  };
  const closeContexts = async () => {
    const problems = [...watches.values()].flatMap((w) => w.problems());
    watches.clear();
    await Promise.all(contexts.splice(0).map((c) => c.close().catch(() => undefined)));
    if (problems.length > 0) throw new Error(`Browser problems:\n  ${problems.join('\n  ')}`);
  };
  const close = async () => {
    await browser.close().catch(() => undefined);
    await hearth.close();
    await fake.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };

  return {
    fake,
    script,
    chatRequestFor,
    hearth,
    baseUrl,
    username: user.username,
    password,
    newUser,
    browser,
    newContext,
    newPage,
    watch,
    closeContexts,
    close,
  };
}

/** Saves a PNG under test/e2e/screenshots/ (gitignored) and returns its path. */
export async function screenshot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<string> {
  fs.mkdirSync(screenshotDir, { recursive: true });
  const file = path.join(screenshotDir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: options.fullPage ?? false, animations: 'disabled' });
  return file;
}
