/**
 * A supervised child in the browser meets their limits in plain words: the composer says when
 * quiet time ends, then that today's messages are used up (when they start again, and to ask a
 * guardian for more); Settings → API tokens explains who decides; deleting a chat explains why it
 * cannot be done. The controls are written as a guardian's change would write them, while the
 * child is signed in: they hold at once.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as store from '#server/safety/family/store';
import { zonedParts } from '#server/safety/household-time';
import { createUser } from '#test/helpers';
import { screenshot, startE2E, type E2E } from './harness';
import { byTestId, sendMessage, signIn, waitForStatus } from './chat-steps';

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

const pad = (n: number) => String(n).padStart(2, '0');

/** A quiet-hours rule holding now on the household clock: from an hour ago (today) to an hour on. */
function quietNow(timeZone: string) {
  const now = zonedParts(new Date(), timeZone);
  const minutes = now.hour * 60 + now.minute;
  const from = Math.max(0, minutes - 60);
  const to = (minutes + 60) % 1440;
  const hhmm = (m: number) => `${pad(Math.floor(m / 60))}:${pad(m % 60)}`;
  return [{ days: [now.weekday], from: hhmm(from), to: hhmm(to) }];
}

describe('limits in the browser', () => {
  it('shows quiet time, a used-up budget, and what guardians decide, in plain words', async () => {
    const app = e2e.hearth.app;
    const { user: kid, password } = await createUser(app, { username: 'kiddo', supervised: true });
    const setControls = async (patch: Partial<store.StoredControls>) =>
      store.writeControls(app.ctx.db, kid.id, { ...(await store.readControls(app.ctx.db, kid.id)), ...patch }, 'e2e');

    const page = await e2e.newPage();
    // The refusals themselves (403 quiet_hours / not_allowed_for_supervised, 429 daily_limit_reached).
    e2e.watch(page).allowConsoleError(/status of (403|429)/);
    await signIn(page, e2e.baseUrl, kid.username, password);
    await sendMessage(page, 'Hello before bedtime');
    await waitForStatus(page, 0, 'complete');

    await setControls({ quietHours: quietNow(app.ctx.config.timeZone) });
    await sendMessage(page, 'Are you awake?');
    const notice = page.locator(byTestId('send-error'));
    await expect
      .poll(() => notice.textContent())
      .toMatch(/^It’s quiet time now\. You can chat with the assistant again at \d{1,2}:\d{2}/);
    // The words stay in the box to send later.
    expect(await page.locator(byTestId('composer-input')).inputValue()).toBe('Are you awake?');
    await screenshot(page, 'limits-quiet-hours');

    await setControls({ quietHours: [], dailyMessages: 1 });
    await page.locator(byTestId('send-button')).click();
    await expect
      .poll(() => notice.textContent())
      .toMatch(
        /^You’ve used today’s messages with the assistant\. They start again at .+ — or ask a guardian for more\./,
      );

    await page.locator(byTestId('conversation-menu')).first().click();
    await page.locator(byTestId('conversation-delete')).click();
    await expect.poll(() => page.getByRole('dialog').textContent()).toContain('Your guardians decide whether chats');
    await page.locator(byTestId('confirm-button')).click();
    await expect
      .poll(() => page.locator('.conv-error').first().textContent())
      .toBe('Your guardians have not allowed deleting chats on your account. Ask a guardian if you want one gone.');
    expect(await page.locator(byTestId('conversation-item')).count()).toBe(1);

    await page.goto(`${e2e.baseUrl}/settings/tokens`);
    await expect.poll(() => page.locator(byTestId('token-supervised-note')).textContent()).toContain('guardians');
    await page.locator(byTestId('token-scope-models')).click();
    await page.locator(byTestId('token-name')).fill('Game mod');
    await page.locator(byTestId('token-create')).click();
    await expect
      .poll(() => page.getByRole('alert').first().textContent())
      .toBe('Your guardians decide whether you can use API tokens. Ask a guardian if you need one.');
    await screenshot(page, 'limits-tokens');
  });
});
