/**
 * Issue 11 in a real browser: two members in two browser contexts talk in a direct room and in
 * a room — a reply with its quote, a photo shown inline, a reaction, the unread badge, a browser
 * notification while the tab is hidden — and an `@assistant` reply streams into the room for
 * both and is stopped by the one who asked.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { createUser } from '#test/helpers';
import { screenshot, startE2E, type E2E } from './harness';
import { byTestId, signIn } from './chat-steps';

let e2e: E2E;
let bob: { username: string; password: string };

beforeAll(async () => {
  e2e = await startE2E();
  const made = await createUser(e2e.hearth.app, { username: 'bob', displayName: 'Bob' });
  bob = { username: made.user.username, password: made.password };
});
afterEach(async () => {
  await e2e.closeContexts();
});
afterAll(async () => {
  await e2e?.close();
});

/**
 * Browser notifications, recorded: the page's `Notification` is replaced by one that asks like
 * the real one (granted by the context) and keeps what it was told to show. The tab can be made
 * "hidden" (`__setHidden`), as when the member switched to another tab.
 */
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

/** A 4×4 red PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAQAAAAECAIAAAAmkwkpAAAAEklEQVR4nGP8z4AATEhsHAwAMVsBB7mW4HAAAAAASUVORK5CYII=',
  'base64',
);

async function member(username: string, password: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await e2e.newContext();
  await context.grantPermissions(['notifications'], { origin: e2e.baseUrl });
  await context.addInitScript(NOTIFICATION_SPY);
  const page = await e2e.newPage(context);
  await signIn(page, e2e.baseUrl, username, password);
  await page.locator(byTestId('nav-people')).click();
  await page.locator(byTestId('people-landing')).waitFor();
  return { context, page };
}

const roomItem = (page: Page, title: string) =>
  page.locator(`${byTestId('room-item')}:has(.conv-title:text-is("${title}"))`);
const messageWith = (page: Page, text: string) => page.locator(`${byTestId('room-message')}:has-text("${text}")`);

async function send(page: Page, text: string) {
  await page.locator(byTestId('room-composer-input')).fill(text);
  await page.locator(byTestId('room-send')).click();
}

describe('people chat in the browser', () => {
  it('a DM and a room: reply with quote, photo, reaction, unread badge, notification', async () => {
    const a = await member(e2e.username, e2e.password);
    const b = await member(bob.username, bob.password);

    // Bob allows notifications from Settings (asked only from the button), then comes back.
    await b.page.goto(`${e2e.baseUrl}/settings/notifications`);
    await b.page.locator(byTestId('allow-notifications')).click();
    await b.page.locator(byTestId('notifications-on')).waitFor();
    await b.page.locator(byTestId('back-to-chats')).click();
    await b.page.locator(byTestId('nav-people')).click();

    // Alice sees Bob online and opens the direct room from his name.
    const bobRow = a.page.locator(`${byTestId('person')}[data-username="bob"]`);
    await expect.poll(() => bobRow.locator(byTestId('presence-dot')).getAttribute('data-presence')).toBe('online');
    await bobRow.click();
    await a.page.locator(byTestId('room-view')).waitFor();
    expect(await a.page.locator(byTestId('room-title')).textContent()).toBe('Bob');
    await send(a.page, 'Hi Bob, **dinner** at seven?');
    await messageWith(a.page, 'dinner at seven').locator('strong').waitFor();

    // Bob: the direct room appears with an unread badge, the total in the title and the nav.
    const dm = roomItem(b.page, 'Alice');
    await expect.poll(() => dm.locator(byTestId('unread-badge')).textContent(), { timeout: 10_000 }).toBe('1');
    await expect.poll(() => b.page.title()).toMatch(/^\(1\) /);
    await dm.click();
    await messageWith(b.page, 'dinner at seven').waitFor();
    await expect.poll(() => dm.locator(byTestId('unread-badge')).count()).toBe(0);
    await expect.poll(() => b.page.title()).not.toMatch(/^\(\d+\) /);

    // Alice makes a room with Bob in it and writes there.
    await a.page.locator(byTestId('new-room')).click();
    await a.page.locator(byTestId('room-name')).fill('Family');
    await a.page.locator(`${byTestId('member-option')}[data-username="bob"]`).check();
    await a.page.locator(byTestId('create-room-submit')).click();
    await expect.poll(() => a.page.locator(byTestId('room-title')).textContent()).toBe('Family');
    await send(a.page, 'Welcome to the family room');
    await messageWith(a.page, 'Welcome to the family room').waitFor();

    // Bob replies to it; both see the quote, and Alice's click on it goes to the original.
    await roomItem(b.page, 'Family').click();
    const original = messageWith(b.page, 'Welcome to the family room');
    await original.hover();
    await original.locator(byTestId('reply-button')).click();
    await b.page.locator(byTestId('composer-reply')).waitFor();
    await send(b.page, 'Thanks, glad to be here');
    const reply = messageWith(a.page, 'glad to be here');
    await reply.locator(byTestId('reply-quote')).waitFor();
    expect(await reply.locator(byTestId('reply-quote')).textContent()).toContain('Welcome to the family room');
    await reply.locator(byTestId('reply-quote')).click();
    await messageWith(a.page, 'Welcome to the family room').and(a.page.locator('.is-target')).waitFor();

    // Bob posts a photo: uploaded, then shown inline, scaled, to Alice.
    await b.page.locator(byTestId('file-input')).setInputFiles({ name: 'red.png', mimeType: 'image/png', buffer: PNG });
    await b.page.locator(`${byTestId('composer-upload')}[data-state="done"]`).waitFor();
    await send(b.page, 'Look at this');
    const photo = messageWith(a.page, 'Look at this').locator(`${byTestId('attachment-image')} img`);
    await photo.waitFor();
    await expect.poll(() => photo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(4);

    // Alice reacts; Bob sees the reaction and who made it.
    const bobsMessage = messageWith(a.page, 'glad to be here');
    await bobsMessage.hover();
    await bobsMessage.locator(byTestId('react-button')).click();
    await a.page.locator(`${byTestId('emoji-option')}[data-emoji="👍"]`).click();
    const reaction = messageWith(b.page, 'glad to be here').locator(`${byTestId('reaction')}[data-emoji="👍"]`);
    await reaction.waitFor();
    expect(await reaction.getAttribute('title')).toContain('Alice');
    expect(await reaction.locator('.reaction-count').textContent()).toBe('1');

    // Bob switches to another tab; Alice mentions him: a notification, and a mention badge.
    await b.page.evaluate(() => (window as unknown as { __setHidden: (h: boolean) => void }).__setHidden(true));
    await b.page.locator(`${byTestId('nav-people')}`).click();
    await a.page.locator(byTestId('room-composer-input')).fill('@bo');
    await a.page.locator(`${byTestId('mention-option')}[data-name="bob"]`).waitFor();
    await a.page.keyboard.press('Enter');
    // Type on only once the choice is in the box: on a loaded machine the Enter may land late.
    await expect.poll(() => a.page.locator(byTestId('room-composer-input')).inputValue()).toBe('@bob ');
    await a.page.locator(byTestId('room-composer-input')).pressSequentially('are you coming?');
    await expect.poll(() => a.page.locator(byTestId('room-composer-input')).inputValue()).toBe('@bob are you coming?');
    await a.page.locator(byTestId('room-send')).click();
    await messageWith(a.page, 'are you coming?').locator('.mention').waitFor({ timeout: 20_000 });
    const notes = () =>
      b.page.evaluate(() => (window as unknown as { __notes: { title: string; body: string }[] }).__notes);
    await expect.poll(async () => (await notes()).length, { timeout: 10_000 }).toBeGreaterThan(0);
    const note = (await notes()).at(-1)!;
    expect(note.title).toBe('Alice mentioned you in Family');
    expect(note.body).toContain('are you coming?');
    await expect.poll(() => roomItem(b.page, 'Family').locator(byTestId('mention-badge')).count()).toBe(1);
    await screenshot(a.page, 'people-chat-room');

    // The search box finds room messages too, labelled with their room; a hit opens it there.
    await a.page.locator(byTestId('nav-ai-chat')).click();
    await a.page.locator(byTestId('conversation-search')).fill('family room');
    const hit = a.page.locator(byTestId('room-search-hit')).first();
    await hit.waitFor();
    expect(await hit.textContent()).toContain('in Family');
    await hit.click();
    await messageWith(a.page, 'Welcome to the family room').and(a.page.locator('.is-target')).waitFor();
  });

  it('an @assistant reply streams into the room for both, and only the asker can stop it', async () => {
    const words = Array.from({ length: 400 }, (_, i) => `idea${i + 1}`).join(' ');
    e2e.script('Alice: @assistant plan our weekend', { reply: words, tokenIntervalMs: 40 });
    const a = await member(e2e.username, e2e.password);
    const b = await member(bob.username, bob.password);
    await a.page.locator(byTestId('new-room')).click();
    await a.page.locator(byTestId('room-name')).fill('Weekend trip');
    await a.page.locator(`${byTestId('member-option')}[data-username="bob"]`).check();
    await a.page.locator(byTestId('create-room-submit')).click();
    await expect.poll(() => a.page.locator(byTestId('room-title')).textContent()).toBe('Weekend trip');
    await roomItem(b.page, 'Weekend trip').click();
    await b.page.locator(byTestId('room-view')).waitFor();

    // The assistant is offered in the mention list.
    await a.page.locator(byTestId('room-composer-input')).fill('@ass');
    await a.page.locator(`${byTestId('mention-option')}[data-name="assistant"]`).click();
    await a.page.locator(byTestId('room-composer-input')).pressSequentially('plan our weekend');
    await a.page.locator(byTestId('room-send')).click();

    const replyIn = (page: Page) => page.locator(`${byTestId('room-message')}[data-status]`).last();
    const textOf = (page: Page) =>
      replyIn(page)
        .locator('.markdown')
        .innerText()
        .catch(() => '');
    for (const page of [a.page, b.page]) {
      await replyIn(page).and(page.locator('[data-status="streaming"]')).waitFor({ timeout: 15_000 });
      await expect.poll(async () => (await textOf(page)).length, { timeout: 15_000 }).toBeGreaterThan(20);
    }
    const first = (await textOf(b.page)).length;
    await expect.poll(async () => (await textOf(b.page)).length, { timeout: 15_000 }).toBeGreaterThan(first);
    expect(await replyIn(b.page).locator(byTestId('asked-by')).textContent()).toBe('asked by Alice');
    expect(await replyIn(a.page).locator(byTestId('asked-by')).textContent()).toBe('asked by you');
    // Stop is for the asker only.
    expect(await replyIn(b.page).locator(byTestId('room-stop')).count()).toBe(0);
    await replyIn(a.page).locator(byTestId('room-stop')).click();
    for (const page of [a.page, b.page]) {
      await expect.poll(() => replyIn(page).getAttribute('data-status'), { timeout: 15_000 }).toBe('stopped');
    }
    expect((await textOf(b.page)).includes('idea400')).toBe(false);
    await screenshot(b.page, 'people-chat-assistant');
  });

  it('on a phone: the list is a drawer, ⋯ to edit and delete (live for the other), typing, a send queued offline', async () => {
    const a = await member(e2e.username, e2e.password);
    const phoneContext = await e2e.newContext({
      viewport: { width: 390, height: 780 },
      hasTouch: true,
      isMobile: true,
    });
    const phone = await e2e.newPage(phoneContext);
    await signIn(phone, e2e.baseUrl, bob.username, bob.password);
    await phone.goto(`${e2e.baseUrl}/people`);
    await phone.locator(byTestId('people-landing')).waitFor();

    await a.page.locator(`${byTestId('person')}[data-username="bob"]`).click();
    await a.page.locator(byTestId('room-view')).waitFor();
    await send(a.page, 'Can you buy milk?');
    await messageWith(a.page, 'Can you buy milk?').waitFor();

    // The room list is a drawer: closed until the menu button opens it.
    await phone.locator(byTestId('drawer-toggle')).click();
    await roomItem(phone, 'Alice').click();
    await messageWith(phone, 'Can you buy milk?').waitFor();
    expect(await phone.evaluate(() => document.querySelector('.shell')!.classList.contains('drawer-open'))).toBe(false);

    // Bob types: Alice sees it, and it goes away after a few seconds of silence.
    await phone.locator(byTestId('room-composer-input')).pressSequentially('Sure', { delay: 30 });
    await expect.poll(() => a.page.locator(byTestId('typing-line')).textContent()).toBe('Bob is typing…');
    await expect.poll(() => a.page.locator(byTestId('typing-line')).textContent(), { timeout: 15_000 }).toBe('');
    await phone.locator(byTestId('room-send')).click();
    await messageWith(a.page, 'Sure').waitFor();

    // ⋯ on his own message: edit, then delete; Alice sees both at once.
    const mine = messageWith(phone, 'Sure');
    await mine.locator(byTestId('message-menu')).click();
    await mine.locator(byTestId('edit-room-message')).click();
    await mine.locator(byTestId('edit-input')).fill('Sure, two litres');
    await mine.locator(byTestId('edit-save')).click();
    const seen = messageWith(a.page, 'two litres');
    await seen.locator(byTestId('message-edited')).waitFor();
    await messageWith(phone, 'two litres').locator(byTestId('message-menu')).click();
    await messageWith(phone, 'two litres').locator(byTestId('delete-room-message')).click();
    await phone.locator('dialog[open] .btn-danger').click();
    await expect.poll(() => a.page.locator(byTestId('message-deleted')).count()).toBe(1);
    await screenshot(phone, 'people-chat-phone');

    // Offline: the message waits, shown pending, and goes out once when the connection is back.
    e2e.watch(phone).allowConsoleError(/ERR_INTERNET_DISCONNECTED|WebSocket/);
    await phoneContext.setOffline(true);
    await send(phone, 'Sent from the tunnel');
    await phone.locator(`${byTestId('pending-message')}[data-state="waiting"]`).waitFor();
    await phoneContext.setOffline(false);
    await phone.evaluate(() => window.dispatchEvent(new Event('online')));
    await messageWith(a.page, 'Sent from the tunnel').waitFor({ timeout: 20_000 });
    await expect.poll(() => phone.locator(byTestId('pending-message')).count(), { timeout: 20_000 }).toBe(0);
    expect(await messageWith(phone, 'Sent from the tunnel').count()).toBe(1);
    expect(await messageWith(a.page, 'Sent from the tunnel').count()).toBe(1);
  });

  it('the admin console lists rooms without their content, deletes one, and turns people chat off for a member', async () => {
    const root = await createUser(e2e.hearth.app, { username: 'root', displayName: 'Root', role: 'admin' });
    const carol = await createUser(e2e.hearth.app, { username: 'carol', displayName: 'Carol' });
    const a = await member(e2e.username, e2e.password);
    await a.page.locator(byTestId('new-room')).click();
    await a.page.locator(byTestId('room-name')).fill('Secret plans');
    await a.page.locator(byTestId('create-room-submit')).click();
    await expect.poll(() => a.page.locator(byTestId('room-title')).textContent()).toBe('Secret plans');
    await send(a.page, 'the surprise party is on Friday');
    await messageWith(a.page, 'surprise party').waitFor();

    const admin = await e2e.newPage();
    await signIn(admin, e2e.baseUrl, root.user.username, root.password);
    await admin.goto(`${e2e.baseUrl}/admin/rooms`);
    const row = admin.locator(`${byTestId('admin-room-row')}:has-text("Secret plans")`);
    await row.waitFor();
    expect(await row.textContent()).toContain('1 member');
    expect(await row.textContent()).toContain('1 message');
    expect(await admin.locator(byTestId('admin-rooms')).textContent()).not.toContain('surprise');
    await row.locator(byTestId('admin-room-delete')).click();
    await admin.locator('dialog[open] .btn-danger').click();
    await expect.poll(() => row.count()).toBe(0);
    // Alice's open room goes away at once.
    await a.page.locator(byTestId('people-landing')).waitFor();
    expect(await roomItem(a.page, 'Secret plans').count()).toBe(0);

    // People chat off for Carol: no People entry for her.
    await admin.goto(`${e2e.baseUrl}/admin/users`);
    await admin.locator(`${byTestId('admin-user-row')}[data-username="carol"] ${byTestId('admin-user-edit')}`).click();
    const toggle = admin.locator(byTestId('edit-user-people-chat'));
    await expect.poll(() => toggle.isEnabled()).toBe(true);
    expect(await toggle.isChecked()).toBe(true);
    // The switch shows the server's answer (it flips once the PUT is saved), so click and wait
    // for it; Playwright's uncheck() wants the box changed the moment the click lands.
    await toggle.click();
    await expect.poll(() => toggle.isChecked(), { timeout: 10_000 }).toBe(false);
    await expect.poll(() => toggle.isEnabled()).toBe(true);
    const c = await e2e.newPage();
    e2e.watch(c).allowConsoleError(/status of 403/);
    await signIn(c, e2e.baseUrl, carol.user.username, carol.password);
    await c.locator(byTestId('conversation-search')).waitFor();
    await expect.poll(() => c.locator(byTestId('nav-people')).count()).toBe(0);
  });
});
