/**
 * Issue 2 in a real browser: sign in, watch a reply stream in as rendered markdown, stop one
 * (button and Esc), reload mid-stream and see it finish, thinking kept apart from the answer,
 * a second tab following over the WebSocket, and not one request to another origin.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { screenshot, startE2E, type E2E } from './harness';
import {
  assistantMessages,
  byTestId,
  expectGrewWhileStreaming,
  sendMessage,
  signIn,
  waitForStatus,
  watchReply,
} from './chat-steps';

let e2e: E2E;

beforeAll(async () => {
  e2e = await startE2E();
});
afterEach(async () => {
  await e2e.closeContexts();
});
afterAll(async () => {
  await e2e?.close();
});

/** A new page, signed in, on a fresh conversation. */
async function signedInPage(): Promise<Page> {
  const page = await e2e.newPage();
  const { username, password } = await e2e.newUser();
  await signIn(page, e2e.baseUrl, username, password);
  return page;
}

/** Words enough to stream for `ms` at `intervalMs` per token. */
const longReply = (words: number) => Array.from({ length: words }, (_, i) => `word${i + 1}`).join(' ') + ' THE-END.';

const MARKDOWN_REPLY = [
  'Here is **bold advice** and a snippet:',
  '',
  '```ts',
  'const answer: number = 42;',
  'console.log(answer);',
  '```',
  '',
  'That is all.',
].join('\n');

describe('chat in the browser', () => {
  it('signs in through the login form', async () => {
    const page = await e2e.newPage();
    await page.goto(e2e.baseUrl);
    await page.locator(byTestId('login-username')).waitFor();
    await screenshot(page, 'login');
    await page.locator(byTestId('login-username')).fill(e2e.username);
    await page.locator(byTestId('login-password')).fill('not the password');
    await page.locator(byTestId('login-submit')).click();
    await expect.poll(() => page.locator(byTestId('login-error')).isVisible()).toBe(true);
    // The wrong password answers 401; Chromium logs that as a console error, which is fine.
    await page.locator(byTestId('login-password')).fill(e2e.password);
    await page.locator(byTestId('login-submit')).click();
    await page.locator(byTestId('composer-input')).waitFor({ state: 'visible' });
    expect(await page.locator(byTestId('login-username')).count()).toBe(0);
  });

  it('streams a reply in, then shows it as rendered markdown', async () => {
    const prompt = 'Show me some TypeScript';
    e2e.script(prompt, { reply: MARKDOWN_REPLY, tokenIntervalMs: 30 });
    const page = await signedInPage();

    const watching = watchReply(page, 0);
    await sendMessage(page, prompt);
    const samples = await watching;
    expectGrewWhileStreaming(samples);
    expect(samples.at(-1)?.status).toBe('complete');

    const reply = assistantMessages(page).nth(0);
    await expect.poll(() => page.locator(byTestId('message-user')).first().innerText()).toContain(prompt);
    // The markdown pipeline is its own chunk; until it has loaded a reply shows as plain text.
    await reply.locator('.markdown:not(.is-plain)').waitFor();
    const text = await reply.innerText();
    expect(text).toContain('Here is bold advice and a snippet:');
    expect(text).toContain('const answer: number = 42;');
    expect(text).toContain('That is all.');
    expect(text).not.toContain('**');
    expect(text).not.toContain('```');
    expect(await reply.locator('strong').innerText()).toBe('bold advice');
    // Highlighted: highlight.js wraps tokens in spans with hljs-* classes.
    const code = reply.locator('pre code');
    expect(await code.innerText()).toBe('const answer: number = 42;\nconsole.log(answer);');
    expect(await code.locator('[class^="hljs-"]').count()).toBeGreaterThan(0);
    // A copy button for the code block that really copies it.
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: e2e.baseUrl });
    const copy = reply.locator('button', { hasText: /copy/i }).first();
    expect(await copy.isVisible()).toBe(true);
    await copy.click();
    await expect
      .poll(() => page.evaluate(() => navigator.clipboard.readText()))
      .toBe('const answer: number = 42;\nconsole.log(answer);');
    // "Copy reply" gives the markdown source: exactly what the model sent, nothing lost or doubled.
    await reply.locator(byTestId('copy-message')).click();
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(MARKDOWN_REPLY);
  });

  it('stops a reply with the Stop button, keeps the partial text, and closes the upstream', async () => {
    const prompt = 'Count for me slowly';
    const full = longReply(150);
    e2e.script(prompt, { reply: full, tokenIntervalMs: 30 });
    const page = await signedInPage();

    const watching = watchReply(page, 0, { stopWhen: 'streaming-text', minChars: 30 });
    await sendMessage(page, prompt);
    await watching;
    await page.locator(byTestId('stop-button')).click();
    const reply = await waitForStatus(page, 0, 'stopped', 5000);

    const upstream = await e2e.fake.waitForClose((await e2e.chatRequestFor(prompt)).index, 3000);
    expect(upstream.closedByClient).toBe(true);
    const partial = await reply.innerText();
    expect(partial).toContain('word1 word2');
    expect(partial).not.toContain('THE-END');
    // Stopped means stopped: nothing more arrives.
    await page.waitForTimeout(300);
    expect(await reply.innerText()).toBe(partial);
    expect(await page.locator(byTestId('send-button')).isVisible()).toBe(true);
  });

  it('stops a reply with Esc in the composer', async () => {
    const prompt = 'Count for me slowly, again';
    e2e.script(prompt, { reply: longReply(150), tokenIntervalMs: 30 });
    const page = await signedInPage();

    const watching = watchReply(page, 0, { stopWhen: 'streaming-text', minChars: 30 });
    await sendMessage(page, prompt);
    await watching;
    await page.locator(byTestId('composer-input')).focus();
    await page.keyboard.press('Escape');
    const reply = await waitForStatus(page, 0, 'stopped', 5000);

    const upstream = await e2e.fake.waitForClose((await e2e.chatRequestFor(prompt)).index, 3000);
    expect(upstream.closedByClient).toBe(true);
    const partial = await reply.innerText();
    expect(partial).toContain('word1');
    expect(partial).not.toContain('THE-END');
  });

  it('re-attaches after a reload mid-stream and sees the reply finish', async () => {
    const prompt = 'Tell me a long story';
    const full = longReply(80);
    e2e.script(prompt, { reply: full, tokenIntervalMs: 30 });
    const page = await signedInPage();

    const watching = watchReply(page, 0, { stopWhen: 'streaming-text', minChars: 20 });
    await sendMessage(page, prompt);
    await watching;
    await page.waitForURL(/\/c\//);
    await screenshot(page, 'streaming');
    await page.reload();

    // After the reload the reply is still streaming at first, then completes in full.
    const samples = await watchReply(page, 0, { timeoutMs: 15_000 });
    expect(samples.at(-1)?.status).toBe('complete');
    expect(samples.some((s) => s.status === 'streaming')).toBe(true);
    const text = (await assistantMessages(page).nth(0).innerText()).replace(/\s+/g, ' ');
    expect(text).toContain(full);
    // The reload did not stop the generation: the upstream finished on its own.
    const upstream = await e2e.fake.waitForClose((await e2e.chatRequestFor(prompt)).index, 3000);
    expect(upstream.closedByClient).toBe(false);
  });

  it('shows a reasoning model’s thinking under a collapsed "Thinking", apart from the answer', async () => {
    const prompt = 'Think before you answer';
    const thinking = 'The user wants a considered answer so I will weigh tea against coffee.';
    e2e.script(prompt, { thinking, reply: 'Tea, **definitely** tea.', tokenIntervalMs: 15 });
    const page = await signedInPage();
    await page.locator(byTestId('model-picker')).click();
    await page.locator(byTestId('model-option'), { hasText: 'fake-reasoner' }).first().click();

    const watching = watchReply(page, 0);
    await sendMessage(page, prompt);
    expect((await watching).at(-1)?.status).toBe('complete');

    const reply = assistantMessages(page).nth(0);
    const box = reply.locator(byTestId('thinking'));
    await box.waitFor();
    const toggle = box.getByRole('button');
    expect(await toggle.innerText()).toMatch(/^Thinking/);
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    const visible = await reply.innerText();
    expect(visible).toContain('Tea, definitely tea.');
    expect(visible).not.toContain('weigh tea against coffee');
    expect(await reply.locator('.markdown, [class*="markdown"]').first().innerText()).not.toContain('weigh tea');

    await toggle.click();
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    expect(await box.innerText()).toContain(thinking);
    await screenshot(page, 'thinking-open');
  });

  it('streams a reply started in one tab into a second tab over the WebSocket', async () => {
    const first = 'Hello from tab A';
    const second = 'Now stream to tab B please';
    const full = longReply(60);
    e2e.script(first, { reply: 'Hi there.' });
    e2e.script(second, { reply: full, tokenIntervalMs: 30 });

    const tabA = await signedInPage();
    await sendMessage(tabA, first);
    await waitForStatus(tabA, 0, 'complete');
    await tabA.waitForURL(/\/c\//);

    const tabB = await e2e.newPage(tabA.context());
    await tabB.goto(tabA.url());
    await waitForStatus(tabB, 0, 'complete');
    // Let tab B's WebSocket connect before the reply starts.
    await expect.poll(() => e2e.watch(tabB).wsFramesReceived.length).toBeGreaterThan(0);

    const inB = watchReply(tabB, 1, { timeoutMs: 15_000 });
    await sendMessage(tabA, second);
    const samples = await inB;
    expectGrewWhileStreaming(samples);
    expect(samples.at(-1)?.status).toBe('complete');
    expect((await assistantMessages(tabB).nth(1).innerText()).replace(/\s+/g, ' ')).toContain(full);
    expect(e2e.watch(tabB).wsFramesReceived.some((f) => f.includes('"generation.delta"'))).toBe(true);
    // Tab B did not poll or re-attach over HTTP to get it.
    expect(e2e.watch(tabB).requests.filter((u) => u.includes('/events'))).toEqual([]);
  });

  it('sends no request to any other origin', async () => {
    const page = await signedInPage();
    await sendMessage(page, 'Anything');
    await waitForStatus(page, 0, 'complete');
    const watch = e2e.watch(page);
    expect(watch.requests.length).toBeGreaterThan(3);
    expect(watch.requests.some((u) => u.includes('/assets/'))).toBe(true);
    expect(watch.foreignRequests()).toEqual([]);
  });

  it('blocks a request to another origin by CSP, and the watcher would notice one that got out', async () => {
    const page = await e2e.newPage();
    await page.goto(e2e.baseUrl);
    await page.locator(byTestId('login-username')).waitFor();
    const watch = e2e.watch(page);
    watch.allowConsoleError(/Content Security Policy/);
    const elsewhere = `${e2e.fake.url}/v1/models`; // another port on 127.0.0.1 is another origin
    // The app's CSP stops a script from reaching anywhere else: the request is never made.
    await page.evaluate(
      (url) =>
        fetch(url).then(
          () => undefined,
          () => undefined,
        ),
      elsewhere,
    );
    expect(watch.consoleErrors.some((e) => e.includes('Content Security Policy'))).toBe(true);
    expect(watch.foreignRequests()).toEqual([]);
    // A request that does leave (here a navigation, which CSP does not govern) is caught.
    await page.goto(elsewhere);
    expect(watch.foreignRequests()).toEqual([elsewhere]);
    watch.requests.splice(0); // made on purpose: don't fail the test in afterEach
  });
});
