/**
 * The fair queue in the browser: a reply that must wait says how many are ahead of it (plural
 * aware, in the member's language), Cancel takes it out of the queue, and it starts by itself
 * once its turn comes.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { applyConnectionSettings } from '#server/providers/connection-settings';
import { startE2E, type E2E } from './harness';
import { assistantMessages, byTestId, sendMessage, signIn, waitForStatus } from './chat-steps';

let e2e: E2E;

beforeAll(async () => {
  e2e = await startE2E();
  // One reply at a time on the (only) model server.
  await applyConnectionSettings(e2e.hearth.app.ctx, 'env-1', { maxConcurrent: 1 }, true);
});
afterEach(async () => {
  await e2e.closeContexts();
});
afterAll(async () => {
  await e2e?.close();
});

async function memberPage(): Promise<Page> {
  const page = await e2e.newPage();
  const { username, password } = await e2e.newUser();
  await signIn(page, e2e.baseUrl, username, password);
  return page;
}

const queuedText = (page: Page) => page.locator(byTestId('queued-text'));

describe('a reply waiting for the model', () => {
  it('shows its place, can be cancelled, and starts by itself when its turn comes', { timeout: 90_000 }, async () => {
    e2e.script('Hold the server', {
      reply: 'The first reply is done.',
      firstTokenDelayMs: 12_000,
      tokenIntervalMs: 10,
    });
    e2e.script('My turn next', { reply: 'Second in line, answered.', tokenIntervalMs: 10 });
    const alice = await memberPage();
    const bob = await memberPage();

    await sendMessage(alice, 'Hold the server');
    await e2e.chatRequestFor('Hold the server');
    await sendMessage(bob, 'My turn next');
    await expect.poll(() => queuedText(bob).innerText()).toBe('Waiting for the model — you’re next');

    // Alice's second chat, in another tab, waits behind Bob (he has had no turn yet): one ahead of her.
    const aliceTab = await e2e.newPage(alice.context());
    await aliceTab.goto(e2e.baseUrl);
    await aliceTab.locator(byTestId('new-chat')).click();
    await expect.poll(() => assistantMessages(aliceTab).count()).toBe(0);
    await sendMessage(aliceTab, 'Cancel me');
    await expect.poll(() => queuedText(aliceTab).innerText()).toBe('Waiting for the model — 1 ahead of you');
    await aliceTab.locator(byTestId('queued-cancel')).click();
    await waitForStatus(aliceTab, 0, 'stopped');
    await expect.poll(() => queuedText(aliceTab).count()).toBe(0);

    // Bob's reply starts once the first is done, and is written as usual.
    await waitForStatus(bob, 0, 'complete', 30_000);
    expect(await assistantMessages(bob).nth(0).innerText()).toContain('Second in line, answered.');
    await expect.poll(() => queuedText(bob).count()).toBe(0);
    // The cancelled one never reached the model.
    expect(e2e.fake.chatRequests().some((r) => JSON.stringify(r.body).includes('Cancel me'))).toBe(false);
  });
});
