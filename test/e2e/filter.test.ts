/**
 * The family-safety filter in the browser, as a supervised member sees it: a message the filter
 * stops is not sent, a kind explanation says why and the words stay in the message box; a
 * self-harm message shows where to get help; a reply the filter stops never shows its bad words
 * and is replaced by the safe note.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { superviseWith } from '#server/safety/family/filter-test-support';
import { startE2E, type E2E } from './harness';
import { assistantMessages, byTestId, sendMessage, signIn, waitForStatus } from './chat-steps';
import { makeAccount } from './admin-steps';

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

const LEAD = 'Once upon a time a little cat lived in a big red house by the sea, with her friends the gulls. ';

describe('a supervised member in the chat', () => {
  it('is told kindly when a message is not sent, keeps the words, and sees a stopped reply replaced', async () => {
    const guardian = await makeAccount(e2e, { prefix: 'mum' });
    const child = await makeAccount(e2e, { prefix: 'kid', supervised: true });
    await superviseWith(e2e.hearth.app, child.id, guardian.id);
    const page = await e2e.newPage();
    // The refused sends are 422s, which the browser logs; they are what this test is about.
    e2e.watch(page).allowConsoleError(/status of 422/);
    await signIn(page, e2e.baseUrl, child.username, child.password);

    await sendMessage(page, 'you are a f u c k i n g idiot');
    const notice = page.locator(byTestId('content-blocked'));
    await notice.waitFor({ timeout: 15_000 });
    expect(await notice.getAttribute('data-category')).toBe('profanity');
    expect(await notice.innerText()).toContain("wasn't sent");
    await expect
      .poll(() => page.locator(byTestId('composer-input')).inputValue(), { timeout: 10_000 })
      .toBe('you are a f u c k i n g idiot');
    expect(await assistantMessages(page).count()).toBe(0);

    await sendMessage(page, 'i want to kill myself');
    await expect.poll(() => notice.getAttribute('data-category'), { timeout: 15_000 }).toBe('self_harm');
    const help = page.locator(byTestId('filter-help'));
    expect(await help.innerText()).toContain('116 111');
    expect(await help.innerText()).toContain('988');

    const prompt = 'Tell me a story about a cat';
    const filler = Array.from({ length: 30 }, (_, i) => ` and${i}`);
    e2e.script(prompt, {
      tokens: [LEAD, LEAD, 'The cat said: you are an a', 'ssh', 'ole', ...filler],
      tokenIntervalMs: 40,
    });
    await sendMessage(page, prompt);
    const reply = await waitForStatus(page, 0, 'blocked', 30_000);
    const blocked = reply.locator(byTestId('message-blocked'));
    expect(await blocked.innerText()).toContain("isn't suitable");
    expect(await reply.innerText()).not.toMatch(/assh|and1/);
  });
});
