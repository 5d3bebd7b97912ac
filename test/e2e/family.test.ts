/**
 * Issue 13 in a real browser: an admin makes a supervised child and an adult guardian and
 * links them; the guardian sets quiet hours and a daily budget on the Family page; the child
 * sees who their guardian is and what they see, hits quiet hours and the daily limit and sees
 * why; the guardian gives 10 more; a flag reaches the guardian (toast, badge, notification,
 * the flag list) and is marked reviewed.
 *
 * Which lane each step needs: the Family routes (family-api), the refusals (limits: `403
 * quiet_hours`, `429 daily_limit_reached`), raising flags (filter: `422 content_blocked`, a
 * `blocked` reply). Each `it` sets up its own child and guardian, so one lane's step failing
 * does not hide another's.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { userChannel } from '#server/realtime/bus';
import { zonedParts } from '#server/safety/household-time';
import * as familyStore from '#server/safety/family/store';
import { screenshot, startE2E, type E2E } from './harness';
import { byTestId, sendMessage, signIn } from './chat-steps';
import { makeAccount, openAdmin, userRow } from './admin-steps';

let e2e: E2E;
let admin: { username: string; password: string; id: string };

beforeAll(async () => {
  e2e = await startE2E();
  admin = await makeAccount(e2e, { prefix: 'admin', role: 'admin', displayName: 'Admin' });
});
afterEach(async () => {
  await e2e.closeContexts();
});
afterAll(async () => {
  await e2e?.close();
});

/** Browser notifications, recorded (as in people-chat.test.ts), and a tab that can be "hidden". */
const NOTIFICATION_SPY = () => {
  const w = window as unknown as {
    __notes: { title: string; body: string }[];
    __hidden: boolean;
    __setHidden: (h: boolean) => void;
    Notification: unknown;
  };
  w.__notes = [];
  w.__hidden = false;
  let permission = 'default';
  class RecordedNotification {
    static get permission() {
      return permission;
    }
    static requestPermission() {
      permission = 'granted';
      return Promise.resolve(permission);
    }
    onclick: (() => void) | null = null;
    constructor(title: string, options?: { body?: string }) {
      w.__notes.push({ title, body: options?.body ?? '' });
    }
    close() {}
  }
  w.Notification = RecordedNotification;
  Object.defineProperty(document, 'visibilityState', {
    configurable: true,
    get: () => (w.__hidden ? 'hidden' : 'visible'),
  });
  w.__setHidden = (h: boolean) => {
    w.__hidden = h;
    document.dispatchEvent(new Event('visibilitychange'));
  };
};

type Person = { username: string; password: string; id: string };

/** A supervised child and their guardian, linked on the server (the admin-console step is its own test). */
async function family(name: string): Promise<{ child: Person; guardian: Person }> {
  const child = await makeAccount(e2e, { prefix: 'kid', displayName: `${name} Kid`, supervised: true });
  const guardian = await makeAccount(e2e, { prefix: 'mum', displayName: `${name} Mum` });
  await familyStore.replaceGuardians(e2e.hearth.app.ctx.db, child.id, [guardian.id], new Date().toISOString());
  return { child, guardian };
}

/** Signs in and opens the Family page through its nav entry. */
async function openFamily(page: Page, who: Person): Promise<void> {
  await signIn(page, e2e.baseUrl, who.username, who.password);
  await page.locator(byTestId('nav-family')).click();
  await page.locator(byTestId('family-page')).waitFor();
}

const card = (page: Page, username: string) => page.locator(`${byTestId('family-card')}[data-username="${username}"]`);

/** Saves the card's controls and waits for "Saved". */
async function saveControls(page: Page, username: string): Promise<void> {
  const c = card(page, username);
  await c.locator(byTestId('save-controls')).click();
  await c.locator(byTestId('controls-saved')).waitFor();
}

/** `HH:MM` on the household clock, `minutes` from now. */
function householdTime(minutes: number): string {
  const p = zonedParts(new Date(Date.now() + minutes * 60_000), e2e.hearth.app.ctx.config.timeZone);
  return `${String(p.hour).padStart(2, '0')}:${String(p.minute).padStart(2, '0')}`;
}

/** Sends from the chat and resolves with the status and error code of the send request. */
async function sendAndAnswer(page: Page, text: string): Promise<{ status: number; code?: string; body: unknown }> {
  // A new chat is created first (POST /api/conversations); the send is POST …/:id/messages.
  const answer = page.waitForResponse(
    (r) => r.request().method() === 'POST' && /^\/api\/conversations\/[^/]+\/messages$/.test(new URL(r.url()).pathname),
  );
  await sendMessage(page, text);
  const res = await answer;
  if (res.ok()) return { status: res.status(), body: null };
  const body = (await res.json().catch(() => null)) as { error?: { code?: string } } | null;
  return { status: res.status(), code: body?.error?.code, body };
}

/** A child's page, allowed to see the refusals the test provokes. */
async function childPage(child: Person): Promise<Page> {
  const page = await e2e.newPage();
  e2e.watch(page).allowConsoleError(/status of (403|422|429)/);
  await signIn(page, e2e.baseUrl, child.username, child.password);
  return page;
}

describe('family safety in the browser', () => {
  it('an admin links a guardian; the guardian gets the Family page; the child is told who sees what', async () => {
    // The admin makes the child (supervised) and the guardian in the console.
    const page = await e2e.newPage();
    await openAdmin(page, e2e, admin);
    const dialog = page.locator(byTestId('create-user-dialog'));
    for (const [username, name, supervised] of [
      ['robin', 'Robin', true],
      ['sam', 'Sam', false],
    ] as const) {
      await page.locator(byTestId('admin-create-user')).click();
      await dialog.locator(byTestId('new-user-username')).fill(username);
      await dialog.locator(byTestId('new-user-display-name')).fill(name);
      await dialog.locator(byTestId('new-user-password')).fill('a long family password');
      if (supervised) await dialog.locator(byTestId('new-user-supervised')).check();
      await dialog.locator(byTestId('create-user-dialog-submit')).click();
      await userRow(page, username).waitFor();
    }

    // Guardians: the picker appears for a supervised account and lists adults only.
    await userRow(page, 'robin').locator(byTestId('admin-user-edit')).click();
    const edit = page.locator(byTestId('edit-user-dialog'));
    const picker = edit.locator(byTestId('guardians-picker'));
    await picker.waitFor();
    const sam = picker.locator(`${byTestId('guardian-option')}[data-username="sam"]`);
    await sam.waitFor();
    expect(await picker.locator(`${byTestId('guardian-option')}[data-username="robin"]`).count()).toBe(0);
    await sam.locator('input').check();
    await edit.locator(byTestId('edit-user-dialog-submit')).click();
    await edit.waitFor({ state: 'detached' });
    // Saved on the server: reopening shows Sam ticked.
    await userRow(page, 'robin').locator(byTestId('admin-user-edit')).click();
    await expect.poll(() => sam.locator('input').isChecked()).toBe(true);
    await edit.locator(byTestId('edit-user-dialog-cancel')).click();

    // Sam (not an admin) now has the Family entry and Robin's card.
    const guardian = await e2e.newPage();
    await openFamily(guardian, { username: 'sam', password: 'a long family password', id: '' });
    await card(guardian, 'robin').waitFor();
    expect(await card(guardian, 'robin').locator(byTestId('card-guardians')).innerText()).toContain('Sam');
    expect(await guardian.locator(byTestId('alerts-while-open')).innerText()).toContain(
      'Alerts arrive while Hearth is open in a tab on this device',
    );
    await screenshot(guardian, 'family-page');
    await card(guardian, 'robin').locator(byTestId('quiet-add')).click();
    await card(guardian, 'robin').locator(byTestId('quiet-rule')).scrollIntoViewIfNeeded();
    await screenshot(guardian, 'family-controls');
    await card(guardian, 'robin').locator(byTestId('quiet-remove')).click();

    // A member who guards nobody has no Family entry.
    const other = await makeAccount(e2e, { prefix: 'adult' });
    const otherPage = await e2e.newPage();
    await signIn(otherPage, e2e.baseUrl, other.username, other.password);
    await otherPage.waitForTimeout(500); // the family list has had time to load
    expect(await otherPage.locator(byTestId('nav-family')).count()).toBe(0);

    // Robin is told, in the side column and under the chat, who looks after them and what they see.
    const robin = await e2e.newPage();
    await signIn(robin, e2e.baseUrl, 'robin', 'a long family password');
    const notice = robin.locator(byTestId('supervision-notice'));
    await expect.poll(() => notice.innerText()).toContain('Your guardians: Sam');
    expect(await notice.locator(byTestId('sees-transcripts')).getAttribute('data-on')).toBe('false');
    expect(await notice.innerText()).toContain('Nobody sees what other people write to you in people chat');
    expect(await robin.locator(byTestId('supervision-line')).innerText()).toContain('Sam');
    expect(await robin.locator(byTestId('nav-family')).count()).toBe(0);

    // Sam turns on full transcripts: Robin is told at once, and the notice says so.
    await card(guardian, 'robin').locator(byTestId('control-full-transcripts')).check();
    await saveControls(guardian, 'robin');
    await robin.locator(byTestId('supervision-changed')).waitFor();
    await expect.poll(() => notice.locator(byTestId('sees-transcripts')).getAttribute('data-on')).toBe('true');
    await robin.locator(byTestId('supervision-changed-close')).click();

    // The admin is not Robin's guardian: transcripts can't be turned on from the admin's Family page.
    await card(guardian, 'robin').locator(byTestId('control-full-transcripts')).uncheck();
    await saveControls(guardian, 'robin');
    const adminFamily = await e2e.newPage();
    await openFamily(adminFamily, admin);
    const box = card(adminFamily, 'robin').locator(byTestId('control-full-transcripts'));
    await expect.poll(() => box.isDisabled()).toBe(true);
    expect(await card(adminFamily, 'robin').locator(byTestId('transcripts-hint')).innerText()).toContain(
      'Only one of Robin’s guardians',
    );
    // Nor does the admin read the flags: those are the child's own words, for guardians only.
    await card(adminFamily, 'robin').locator(byTestId('flags-guardians-only')).waitFor();
  });

  it('quiet hours: the child is refused with a friendly message until the guardian removes them', async () => {
    const { child, guardian } = await family('Quiet');
    const g = await e2e.newPage();
    await openFamily(g, guardian);
    const c = card(g, child.username);
    // Quiet now, every day, in the server's household time zone.
    await c.locator(byTestId('quiet-add')).click();
    await c.locator(byTestId('quiet-from')).fill(householdTime(-60));
    await c.locator(byTestId('quiet-to')).fill(householdTime(60));
    expect(await c.locator(byTestId('quiet-explain')).innerText()).not.toBe('');
    await saveControls(g, child.username);

    const kid = await childPage(child);
    e2e.script('Can you help with my homework?', { reply: 'Of course, let us start.' });
    const refused = await sendAndAnswer(kid, 'Can you help with my homework?');
    expect(refused.status).toBe(403);
    expect(refused.code).toBe('quiet_hours');
    expect((refused.body as { error: { until?: string } }).error.until).toBeTruthy();
    // The limits lane's words: kind, and saying when it opens again.
    await expect.poll(() => kid.locator(byTestId('send-error')).innerText()).toMatch(/quiet time/i);
    expect(e2e.fake.chatRequests().some((r) => JSON.stringify(r.body).includes('help with my homework'))).toBe(false);

    // The guardian removes the quiet hours; the next send goes through.
    await c.locator(byTestId('quiet-remove')).click();
    await saveControls(g, child.username);
    await kid.reload();
    await kid.locator(byTestId('composer-input')).waitFor();
    const sent = await sendAndAnswer(kid, 'Can you help with my homework?');
    expect(sent.status).toBeLessThan(300);
    await kid
      .locator(`${byTestId('message-assistant')}[data-status="complete"]`)
      .last()
      .waitFor();
  });

  it('a daily budget: the child sees what is left, hits the limit, and the guardian gives 10 more', async () => {
    const { child, guardian } = await family('Budget');
    const g = await e2e.newPage();
    await openFamily(g, guardian);
    const c = card(g, child.username);
    await c.locator(byTestId('control-dailyMessages')).fill('1');
    await saveControls(g, child.username);
    await expect.poll(() => c.locator(byTestId('today-messages-left')).innerText()).toContain('1 left of 1');

    const kid = await childPage(child);
    await expect.poll(() => kid.locator(byTestId('supervision-left')).innerText()).toContain('1 message left today');
    e2e.script('What is a comet?', { reply: 'A ball of ice and dust.' });
    expect((await sendAndAnswer(kid, 'What is a comet?')).status).toBeLessThan(300);
    await kid
      .locator(`${byTestId('message-assistant')}[data-status="complete"]`)
      .last()
      .waitFor();
    await expect.poll(() => kid.locator(byTestId('supervision-left')).innerText()).toContain('0 messages left today');

    const refused = await sendAndAnswer(kid, 'And a meteor?');
    expect(refused.status).toBe(429);
    expect(refused.code).toBe('daily_limit_reached');
    expect((refused.body as { error: { resetAt?: string } }).error.resetAt).toBeTruthy();
    await expect.poll(() => kid.locator(byTestId('send-error')).innerText()).toMatch(/ask a guardian/i);

    // The guardian sees the day's use and gives 10 more.
    await g.reload();
    await expect.poll(() => c.locator(byTestId('today-messages')).innerText()).toBe('1');
    await c.locator(byTestId('give-more-messages')).click();
    await c.locator(byTestId('give-more-done')).waitFor();
    await expect.poll(() => c.locator(byTestId('today-messages-left')).innerText()).toContain('10 left of 1');

    await kid.reload();
    await kid.locator(byTestId('composer-input')).waitFor();
    e2e.script('And a meteor?', { reply: 'A rock that burns up in the air.' });
    expect((await sendAndAnswer(kid, 'And a meteor?')).status).toBeLessThan(300);
    await expect.poll(() => kid.locator(byTestId('supervision-left')).innerText()).toContain('9 messages left today');
  });

  it('a flag reaches the guardian: toast, badge, browser notification, the list, mark reviewed', async () => {
    const { child, guardian } = await family('Flag');
    const context: BrowserContext = await e2e.newContext();
    await context.grantPermissions(['notifications'], { origin: e2e.baseUrl });
    await context.addInitScript(NOTIFICATION_SPY);
    const g = await e2e.newPage(context);
    await openFamily(g, guardian);
    await g.locator(byTestId('family-allow-notifications')).click();
    await expect.poll(() => g.locator(byTestId('family-notify-state')).getAttribute('data-state')).toBe('granted');
    await expect.poll(() => e2e.watch(g).webSockets.length).toBeGreaterThan(0);

    // A flag as the filter raises it (stored, then announced to each guardian). The real
    // filter's path is the next test; this one pins what the guardian sees.
    const ctx = e2e.hearth.app.ctx;
    const flag = {
      id: randomUUID(),
      userId: child.id,
      at: new Date().toISOString(),
      direction: 'input' as const,
      category: 'self_harm' as const,
      excerpt: 'i want to hurt myself',
      conversationId: null,
      roomId: null,
      reviewedAt: null,
      reviewedBy: null,
    };
    await familyStore.insertFlag(ctx.db, flag);
    await g.evaluate(() => (window as unknown as { __setHidden: (h: boolean) => void }).__setHidden(true));
    ctx.bus.publish(userChannel(guardian.id), {
      type: 'family.flag',
      childId: child.id,
      urgent: true,
      flag: { id: flag.id, at: flag.at, direction: 'input', category: 'self_harm', excerpt: flag.excerpt },
    });

    const toast = g.locator(byTestId('family-toast'));
    await toast.waitFor();
    expect(await toast.getAttribute('data-urgent')).toBe('true');
    expect(await toast.innerText()).toContain('Urgent: Flag Kid may need you');
    await expect
      .poll(() => g.evaluate(() => (window as unknown as { __notes: { title: string }[] }).__notes.map((n) => n.title)))
      .toEqual(['Urgent: Flag Kid may need you']);
    const item = card(g, child.username).locator(byTestId('family-flag'));
    await expect.poll(() => item.locator(byTestId('flag-text')).innerText()).toBe('i want to hurt myself');
    expect(await item.innerText()).toContain('Self-harm');
    expect(await item.innerText()).toContain('Their message');
    await screenshot(g, 'family-flag');

    // The badge on the Family entry in the chat screen, gone once reviewed.
    const chats = await e2e.newPage(context);
    await chats.goto(e2e.baseUrl);
    await expect.poll(() => chats.locator(byTestId('nav-family-badge')).innerText()).toBe('1');
    await item.locator(byTestId('flag-review')).click();
    await expect.poll(() => item.getAttribute('data-reviewed')).toBe('true');
    await chats.reload();
    await chats.locator(byTestId('nav-family')).waitFor();
    await expect.poll(() => chats.locator(byTestId('nav-family-badge')).count()).toBe(0);
  });

  it('the real filter: a blocked word in the child’s message is stopped and flagged for the guardian', async () => {
    const { child, guardian } = await family('Filter');
    const g = await e2e.newPage();
    await openFamily(g, guardian);
    const c = card(g, child.username);
    await c.locator(byTestId('control-block-words')).fill('pineapple');
    await saveControls(g, child.username);

    const kid = await childPage(child);
    const refused = await sendAndAnswer(kid, 'I love pineapple pizza');
    expect(refused.status).toBe(422);
    expect(refused.code).toBe('content_blocked');
    expect(e2e.fake.chatRequests().some((r) => JSON.stringify(r.body).includes('pineapple pizza'))).toBe(false);

    await g.locator(byTestId('family-toast')).waitFor();
    const item = c.locator(byTestId('family-flag'));
    await expect.poll(() => item.locator(byTestId('flag-text')).innerText()).toContain('pineapple');
    expect(await item.innerText()).toContain('Their message');
  });
});
