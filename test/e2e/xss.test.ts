/**
 * The XSS corpus (xss-corpus.ts) rendered in Chromium everywhere text from a model or a person
 * reaches the screen: assistant replies (markdown, math, code; seeded and streamed live), user
 * messages, conversation titles and search snippets. Nothing may run. Every way a payload could
 * show that it ran is watched: `window.__xss` and alert/confirm/prompt (trapped by an init
 * script in every frame), `dialog` events, CSP violation reports, requests to `/xss/…` or to
 * another origin (PageWatch), console errors, a changed location — and the rendered DOM is
 * audited for anything dangerous that made it through even if the CSP would have stopped it.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import type { Message } from '#common/conversations';
// Hostile text must reach the page exactly as stored, including fields no service lets a client set (status, reasoning); the rows are the same the app writes.
// eslint-disable-next-line no-restricted-imports
import { insertMessages } from '#server/conversations/store';
import { newId } from '#server/db/ids';
import { asUser, login, type Session } from '#test/helpers';
import { startE2E, type E2E } from './harness';
import { assistantMessages, byTestId, signIn } from './chat-steps';
import { batches, XSS_PAYLOADS } from './xss-corpus';

/** Payloads per chat message. */
const BATCH = 25;
/** A word in every seeded search hit. */
const MARK = 'xsscanary';

/** Runs in every frame before any of the page's scripts: traps every way a payload could report. */
const TRAPS = `(() => {
  const hits = [];
  Object.defineProperty(window, '__xssHits', { value: hits });
  Object.defineProperty(window, '__xss', { get: () => undefined, set: (v) => hits.push('window.__xss = ' + v) });
  for (const name of ['alert', 'confirm', 'prompt', 'print']) {
    window[name] = (...args) => { hits.push(name + '(' + args.join(',') + ')'); };
  }
  document.addEventListener('securitypolicyviolation', (e) => {
    // No exception for eval: zod's JIT probe is off (web/src/zod-jitless.ts), so any violation is real.
    hits.push('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI + ' ' + (e.sample || '') + ' at ' + e.sourceFile + ':' + e.lineNumber);
  }, true);
})();`;

/** Finds anything dangerous under `selector` in the page (runs in the page). */
function auditDom(selector: string): string[] {
  const BAD_TAGS = new Set([
    'script',
    'iframe',
    'frame',
    'frameset',
    'object',
    'embed',
    'applet',
    'form',
    'meta',
    'base',
    'link',
    'style',
    'img',
    'image',
    'video',
    'audio',
    'source',
    'picture',
    'foreignobject',
    'use',
    'animate',
    'set',
    'maction',
    'annotation-xml',
    'mglyph',
    'textarea',
    'select',
    'noscript',
    'template',
    'isindex',
    'xmp',
    'noembed',
    'title',
    'marquee',
    'details',
    'body',
  ]);
  const URL_ATTRS = new Set([
    'href',
    'src',
    'action',
    'formaction',
    'xlink:href',
    'data',
    'srcdoc',
    'background',
    'poster',
    'ping',
    'values',
    'to',
    'from',
  ]);
  const findings: string[] = [];
  for (const root of document.querySelectorAll(selector)) {
    for (const el of root.querySelectorAll('*')) {
      const tag = el.localName.toLowerCase();
      const where = `<${tag}> in ${selector}`;
      if (BAD_TAGS.has(tag)) findings.push(where);
      if (tag === 'input' && !((el as HTMLInputElement).type === 'checkbox' && (el as HTMLInputElement).disabled))
        findings.push(`usable ${where}`);
      if (tag === 'button' && !el.classList.contains('code-copy')) findings.push(where);
      for (const attr of el.attributes) {
        const name = attr.name.toLowerCase();
        // As browsers read a URL: control characters and spaces do not count.
        // eslint-disable-next-line no-control-regex -- stripping control characters is the point
        const value = attr.value.replace(/[\u0000-\u0020\u2028\u2029]/g, '');
        if (name.startsWith('on')) findings.push(`${name}= on ${where}`);
        if (URL_ATTRS.has(name) && /^(javascript|data|vbscript):/i.test(value))
          findings.push(`${name}="${attr.value}" on ${where}`);
        if ((name === 'href' || name === 'xlink:href') && tag !== 'a') findings.push(`${name} on ${where}`);
        if (
          name === 'style' &&
          (!el.closest('.katex, .katex-error') || /url\(|expression|javascript|behavior/i.test(value))
        ) {
          findings.push(`style="${attr.value}" on ${where}`);
        }
      }
    }
  }
  // Anywhere in the document: nothing that navigates, frames or rebases the page.
  for (const el of document.querySelectorAll(
    'iframe, object, embed, base, meta[http-equiv], form[action^="javascript" i]',
  )) {
    findings.push(`<${el.localName}> in the document`);
  }
  return findings;
}

let e2e: E2E;
let session: Session;
let repliesId: string;
const titled: string[] = [];

async function api<T>(method: 'POST' | 'GET', url: string, payload?: object): Promise<T> {
  const res = await e2e.hearth.app.inject({ method, url, headers: asUser(session), ...(payload ? { payload } : {}) });
  if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
  return res.json<T>();
}

/**
 * Saves a user message and its reply straight into the database, as a finished exchange: the
 * corpus is seeded faster than the chat rate limit allows sending (the live test below goes
 * through the composer, the server and the fake model server).
 */
async function seedExchange(
  conversationId: string,
  parentId: string | null,
  user: string,
  reply: string,
): Promise<string> {
  const now = new Date().toISOString();
  const base = { conversationId, status: 'complete' as const, createdAt: now, updatedAt: now };
  const question: Message = { ...base, id: newId(), parentId, role: 'user', content: user };
  const answer: Message = {
    ...base,
    id: newId(),
    parentId: question.id,
    role: 'assistant',
    content: reply,
    model: 'env-1/fake-model',
  };
  await insertMessages(e2e.hearth.app.ctx.db, {
    messages: [question, answer],
    conversationId,
    change: { activeLeafId: answer.id, updatedAt: now },
  });
  return answer.id;
}

beforeAll(async () => {
  e2e = await startE2E();
  session = await login(e2e.hearth.app, e2e.username, e2e.password);
  // One conversation whose messages and replies are the corpus, a batch per message.
  repliesId = (await api<{ id: string }>('POST', '/api/conversations', { title: 'XSS replies' })).id;
  let leaf: string | null = null;
  for (const batch of batches(BATCH))
    leaf = await seedExchange(repliesId, leaf, batch.join('\n\n'), batch.join('\n\n'));
  // A conversation per payload: the payload is its title, and its message is a search hit.
  for (const [i, payload] of XSS_PAYLOADS.entries()) {
    const title = payload.trim().slice(0, 200) || `payload ${i}`;
    const { id } = await api<{ id: string }>('POST', '/api/conversations', { title });
    titled.push(id);
    await seedExchange(id, null, `${MARK} ${payload}`, 'Noted.');
  }
}, 120_000);

afterEach(async () => {
  await e2e.closeContexts();
});
afterAll(async () => {
  await e2e?.close();
});

/** A signed-in page with the traps armed; `dialogs` collects any dialog from any frame. */
async function trappedPage(): Promise<{ page: Page; context: BrowserContext; dialogs: string[] }> {
  const context = await e2e.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addInitScript(TRAPS);
  const page = await e2e.newPage(context);
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss().catch(() => undefined);
  });
  await signIn(page, e2e.baseUrl, e2e.username, e2e.password);
  return { page, context, dialogs };
}

/** Everything that shows a payload ran, or got close: must be empty. */
async function evidence(page: Page, dialogs: string[], selector: string): Promise<string[]> {
  const hits = await page.evaluate(() => (window as unknown as { __xssHits: string[] }).__xssHits);
  const requests = e2e.watch(page).requests.filter((url) => url.includes('/xss/'));
  const audit = await page.evaluate(auditDom, selector);
  const moved = new URL(page.url()).origin === e2e.baseUrl ? [] : [`navigated to ${page.url()}`];
  return [...new Set([...hits, ...dialogs, ...requests.map((u) => `request ${u}`), ...audit, ...moved])];
}

/** Scrolls the message list from the newest message to the oldest, auditing at every step. */
async function scrollThroughMessages(page: Page, dialogs: string[], selector: string) {
  const seen = new Set<string>();
  let maths = 0;
  const found: string[] = [];
  const scroller = page.locator(byTestId('message-scroller'));
  for (let step = 0; step < 200; step++) {
    for (const id of await page
      .locator('[data-message-id]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-message-id') ?? '')))
      seen.add(id);
    maths += await page.locator('.markdown .katex').count();
    found.push(...(await evidence(page, dialogs, selector)));
    const top = await scroller.evaluate((el) => {
      el.scrollTop = Math.max(0, el.scrollTop - el.clientHeight * 0.8);
      return el.scrollTop;
    });
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    if (top === 0 && step > 0) break;
  }
  found.push(...(await evidence(page, dialogs, selector)));
  return { found: [...new Set(found)], seen, maths };
}

/** Presses the list's "Load more" until `items` counts at least `min`. */
async function loadAll(page: Page, items: Locator, min: number): Promise<void> {
  for (let i = 0; i < 20; i++) {
    const n = await items.count();
    if (n >= min) return;
    await page.locator('.load-more:not([disabled])').click();
    await expect.poll(() => items.count()).toBeGreaterThan(n);
  }
  expect(await items.count()).toBeGreaterThanOrEqual(min);
}

describe('the XSS corpus', () => {
  it(`has at least 100 payloads (it has ${XSS_PAYLOADS.length})`, () => {
    expect(XSS_PAYLOADS.length).toBeGreaterThanOrEqual(100);
  });

  it('runs nothing in assistant replies or user messages, seeded or streamed live', async () => {
    const { page, dialogs } = await trappedPage();
    await page.goto(`${e2e.baseUrl}/c/${repliesId}`);
    await assistantMessages(page).first().waitFor();
    // The markdown pipeline is a lazy chunk: wait until replies are rendered, not plain text.
    await page.locator('.markdown:not(.is-plain)').first().waitFor();
    const selector = '.markdown, .bubble';
    const { found, seen, maths } = await scrollThroughMessages(page, dialogs, selector);
    expect(found).toEqual([]);
    expect(seen.size).toBe(batches(BATCH).length * 2);
    // The markdown really was rendered (math, code, tables), not shown as text.
    expect(maths).toBeGreaterThan(0);

    // The whole corpus streamed in one reply: every partial state is rendered on the way.
    const all = XSS_PAYLOADS.join('\n\n');
    const prompt = 'Stream the corpus, please.';
    e2e.script(prompt, { reply: all, tokenIntervalMs: 1 });
    await page.locator(byTestId('composer-input')).fill(prompt);
    await page.locator(byTestId('send-button')).click();
    await e2e.chatRequestFor(prompt);
    // The list follows the new reply: it is the last one rendered.
    const lastStatus = () => assistantMessages(page).last().getAttribute('data-status');
    const during: string[] = [];
    for (let i = 0; i < 600 && (await lastStatus()) !== 'complete'; i++)
      during.push(...(await evidence(page, dialogs, selector)));
    expect(await lastStatus()).toBe('complete');
    // Math was typeset, its layout applied through the CSSOM (no style attribute passed the CSP).
    expect(await assistantMessages(page).last().locator('.katex').count()).toBeGreaterThan(0);
    expect(await assistantMessages(page).last().locator('.katex-html [style]').count()).toBeGreaterThan(0);
    during.push(...(await evidence(page, dialogs, selector)));
    expect([...new Set(during)]).toEqual([]);
  });

  it('runs nothing in conversation titles (list and window title)', async () => {
    const { page, dialogs } = await trappedPage();
    const items = page.locator(byTestId('conversation-item'));
    await items.first().waitFor();
    await loadAll(page, items, XSS_PAYLOADS.length);
    // A payload as the window title is just text.
    await page.goto(`${e2e.baseUrl}/c/${titled[0]}`);
    await page.locator(byTestId('composer-input')).waitFor();
    await expect.poll(() => page.title()).toContain(XSS_PAYLOADS[0]!.trim());
    expect(await evidence(page, dialogs, '.conv-title')).toEqual([]);
  });

  it('runs nothing in search snippets', async () => {
    const { page, dialogs } = await trappedPage();
    await page.locator(byTestId('conversation-search')).fill(MARK);
    const results = page.locator(`${byTestId('search-results')} ${byTestId('conversation-item')}`);
    await expect.poll(() => results.count(), { timeout: 10_000 }).toBeGreaterThan(0);
    const snippets = page.locator('.conv-snippet');
    await loadAll(page, snippets, XSS_PAYLOADS.length);
    expect(await snippets.first().innerText()).toContain(MARK);
    expect(await evidence(page, dialogs, '.conv-snippet, .conv-title')).toEqual([]);
  });
});
