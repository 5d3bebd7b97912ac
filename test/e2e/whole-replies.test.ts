/**
 * "Show replies as they are written" off (issue 15): while the model is still writing, the member
 * sees only the typing dots, never part of the reply; the whole reply appears when it is done.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startE2E, type E2E } from './harness';
import { assistantMessages, byTestId, sendMessage, waitForStatus } from './chat-steps';
import { makeAccount, openSettings } from './admin-steps';

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

describe('replies shown whole', () => {
  it('shows no partial reply while it is written, then the whole reply once', async () => {
    const me = await makeAccount(e2e, { prefix: 'calm' });
    const page = await e2e.newPage();
    await openSettings(page, e2e, me);
    const toggle = page.locator(byTestId('settings-stream-replies'));
    expect(await toggle.isChecked()).toBe(true);
    // The page reloads next, so wait for the server to have saved the switch, not only for it to flip.
    const saved = page.waitForResponse((r) => r.url().includes('/api/me/settings') && r.ok(), { timeout: 15_000 });
    await toggle.uncheck();
    await saved;
    expect(await toggle.isChecked()).toBe(false);

    const prompt = 'Tell me slowly';
    e2e.script(prompt, { reply: 'One two three four five six seven eight', tokenIntervalMs: 500 });
    await page.goto(`${e2e.baseUrl}/`);
    await sendMessage(page, prompt);
    const reply = assistantMessages(page).first();
    await reply.locator(byTestId('typing-indicator')).waitFor({ timeout: 15_000 });
    // Still writing (read in one go, so a reply that just finished cannot race the check): no words on screen.
    const seen = await reply.evaluate((el) => ({ status: el.getAttribute('data-status'), text: el.textContent ?? '' }));
    if (seen.status === 'streaming') expect(seen.text).not.toContain('One two');
    await waitForStatus(page, 0, 'complete', 30_000);
    expect(await reply.innerText()).toContain('One two three four five six seven eight');
    expect(await reply.locator(byTestId('reply-announcement')).textContent()).toContain('One two three');
  });
});
