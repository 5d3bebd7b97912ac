/**
 * Issue 4 in a real browser: the search box (Ctrl/Cmd+K from anywhere) finds a word deep in a
 * long conversation and opens it scrolled to that message, highlighted; a snippet holding
 * markup shows it as text and runs nothing; pin, archive and the Archived view from the item
 * menu; and signing in on another device reopens the conversation last open.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createUser, login, type Session } from '#test/helpers';
import { screenshot, startE2E, type E2E } from './harness';
import { byTestId, signIn } from './chat-steps';
import { seedLongConversation } from './long-chat';

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

let users = 0;
const PASSWORD = 'correct horse battery staple';

/** A fresh user with an API session for seeding. */
async function freshUser(): Promise<{ username: string; session: Session }> {
  const username = `searcher${++users}`;
  await createUser(e2e.hearth.app, { username, password: PASSWORD });
  return { username, session: await login(e2e.hearth.app, username, PASSWORD) };
}

/** A conversation of `count` messages in which message `index` says `text` (indexed by the triggers). */
async function seedWith(session: Session, title: string, count: number, index: number, text: string) {
  const { conversationId, messages } = await seedLongConversation(e2e.hearth.app, session, count, title);
  const target = messages[index]!;
  await e2e.hearth.app.ctx.db.updateTable('messages').set({ content: text }).where('id', '=', target.id).execute();
  return { conversationId, messageId: target.id };
}

async function signedIn(username: string): Promise<Page> {
  const page = await e2e.newPage();
  await signIn(page, e2e.baseUrl, username, PASSWORD);
  return page;
}

const results = (page: Page) => page.locator(`${byTestId('search-results')} ${byTestId('conversation-item')}`);
const listed = (page: Page) => page.locator(byTestId('conversation-item'));

describe('search', () => {
  it('Ctrl+K focuses the box; a hit opens the conversation at the matching message, highlighted', async () => {
    const { username, session } = await freshUser();
    const hit = await seedWith(
      session,
      'Wildlife notes',
      160,
      21,
      'Did you know the quokka of Rottnest Island smiles?',
    );
    await seedLongConversation(e2e.hearth.app, session, 6, 'Something else');
    const page = await signedIn(username);

    await page.locator(byTestId('composer-input')).click();
    await page.keyboard.press('Control+k');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('conversation-search');

    await page.keyboard.type('quokk');
    await expect.poll(() => results(page).count(), { timeout: 5000 }).toBe(1);
    const item = results(page).first();
    expect(await item.locator('.conv-title').innerText()).toContain('Wildlife notes');
    expect(await item.locator('.conv-snippet mark').allInnerTexts()).toEqual(['quokka']);
    await screenshot(page, 'search-results');

    await item.click();
    await page.waitForURL(`**/c/${hit.conversationId}?m=${hit.messageId}`);
    const message = page.locator(`[data-message-id="${hit.messageId}"]`);
    await message.waitFor();
    await expect
      .poll(async () => {
        const box = await message.boundingBox();
        return box !== null && box.y > 0 && box.y < 800;
      })
      .toBe(true);
    expect(await message.innerText()).toContain('quokka');
    expect(await page.locator('.msg-row.is-target').count()).toBe(1);

    // Escape empties the box and the list comes back; nothing matching shows a clear "no match".
    await page.locator(byTestId('conversation-search')).fill('nothinglikethis');
    await page.locator(byTestId('conversation-list-empty')).waitFor();
    await page.locator(byTestId('conversation-search')).press('Escape');
    await expect.poll(() => listed(page).count()).toBe(2);
  });

  it('shows markup in a snippet as text and runs nothing', async () => {
    const { username, session } = await freshUser();
    await seedWith(
      session,
      'Markup',
      4,
      1,
      'zanzibar <img src=x onerror="window.__xss=1"> and <script>window.__xss=2</script>',
    );
    const page = await signedIn(username);
    await page.locator(byTestId('conversation-search')).fill('zanzibar');
    await expect.poll(() => results(page).count(), { timeout: 5000 }).toBe(1);
    const snippet = results(page).first().locator('.conv-snippet');
    expect(await snippet.innerText()).toContain('<img src=x onerror="window.__xss=1">');
    expect(await snippet.locator('img, script').count()).toBe(0);
    expect(await snippet.locator('mark').allInnerTexts()).toEqual(['zanzibar']);
    expect(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss)).toBeUndefined();
  });
});

describe('pin and archive', () => {
  it('pins to the top, archives into the Archived view (still found by search), and back', async () => {
    const { username, session } = await freshUser();
    await seedLongConversation(e2e.hearth.app, session, 2, 'Oldest chat');
    await seedLongConversation(e2e.hearth.app, session, 2, 'Middle chat');
    await seedLongConversation(e2e.hearth.app, session, 2, 'Newest chat');
    const page = await signedIn(username);
    const titles = () => listed(page).locator('.conv-title').allInnerTexts();
    await expect.poll(titles).toEqual(['Newest chat', 'Middle chat', 'Oldest chat']);

    const menu = async (title: string, action: string) => {
      const row = page.locator('.conv-item', { hasText: title });
      await row.hover();
      await row.locator(byTestId('conversation-menu')).click();
      await row.locator(byTestId(action)).click();
    };
    await menu('Oldest chat', 'conversation-pin');
    await expect.poll(titles).toEqual(['Oldest chat', 'Newest chat', 'Middle chat']);
    expect(await page.locator('.conv-section').allInnerTexts()).toEqual(['PINNED', 'RECENT']);

    await menu('Middle chat', 'conversation-archive');
    await expect.poll(titles).toEqual(['Oldest chat', 'Newest chat']);
    await page.locator(byTestId('show-archived')).click();
    await expect.poll(titles).toEqual(['Middle chat']);
    await screenshot(page, 'archived-view');

    await page.locator(byTestId('conversation-search')).fill('middle');
    await expect.poll(() => results(page).count(), { timeout: 5000 }).toBe(1);
    expect(await results(page).first().locator(byTestId('archived-badge')).count()).toBe(1);
    await page.locator(byTestId('conversation-search')).fill('');

    await menu('Middle chat', 'conversation-archive'); // "Unarchive" in the archived view
    await expect.poll(titles).toEqual([]);
    await page.locator(byTestId('archived-back')).click();
    await expect.poll(titles).toEqual(['Oldest chat', 'Middle chat', 'Newest chat']);
  });
});

describe('continue where you left off', () => {
  it('reopens the conversation last open, on another device too', async () => {
    const { username, session } = await freshUser();
    const first = await seedLongConversation(e2e.hearth.app, session, 4, 'Holiday packing list');
    await seedLongConversation(e2e.hearth.app, session, 4, 'A newer chat');
    const laptop = await signedIn(username);
    await laptop
      .locator('.conv-item', { hasText: 'Holiday packing list' })
      .locator(byTestId('conversation-item'))
      .click();
    await laptop.waitForURL(`**/c/${first.conversationId}`);
    await expect.poll(() => laptop.locator(byTestId('chat-title')).innerText()).toBe('Holiday packing list');
    // Saved to the server in the background: wait until it is there.
    const savedLast = () =>
      laptop.evaluate(async () => {
        const me = (await (await fetch('/api/auth/me')).json()) as {
          user: { settings: { lastConversationId: string | null } };
        };
        return me.user.settings.lastConversationId;
      });
    await expect.poll(savedLast).toBe(first.conversationId);

    const phone = await signedIn(username); // a new context: no cookies, no localStorage
    await phone.waitForURL(`**/c/${first.conversationId}`);
    await expect.poll(() => phone.locator(byTestId('chat-title')).innerText()).toBe('Holiday packing list');

    // "New chat" after that stays on a new chat.
    await phone.locator(byTestId('new-chat')).click();
    await phone.waitForURL(`${e2e.baseUrl}/`);
    await new Promise((r) => setTimeout(r, 300));
    expect(new URL(phone.url()).pathname).toBe('/');
  });
});
