/**
 * Issue 15 item 8, languages, in Chromium: a browser that prefers German gets German from the
 * sign-in page on (words, the page's lang, dates and numbers), and its exported chat too; a
 * member who picks English in Settings gets English at once, and still after a reload (the
 * choice is saved on the account); "same as this browser" goes back to German.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startE2E, type E2E } from './harness';
import { byTestId, sendMessage, waitForStatus } from './chat-steps';
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

/** A page in a browser whose languages are German first (as a German-speaking family's would be). */
async function germanPage(): Promise<Page> {
  const context = await e2e.newContext({ locale: 'de-DE', extraHTTPHeaders: { 'accept-language': 'de-DE,de;q=0.9' } });
  return e2e.newPage(context);
}

const lang = (page: Page) => page.evaluate(() => document.documentElement.lang);
const text = (page: Page, testId: string) => page.locator(byTestId(testId)).innerText();

describe('languages', () => {
  it('speaks German to a German browser: sign-in, chat, dates, numbers and the exported chat', async () => {
    const me = await makeAccount(e2e, { prefix: 'oma', displayName: 'Oma' });
    const page = await germanPage();
    await page.goto(e2e.baseUrl);
    await expect.poll(() => page.locator('h1').innerText(), { timeout: 15_000 }).toBe('Anmelden');
    expect(await page.locator('label[for="login-username"]').innerText()).toBe('Benutzername');
    expect(await text(page, 'login-submit')).toBe('Anmelden');
    expect(await lang(page)).toBe('de');

    await page.locator(byTestId('login-username')).fill(me.username);
    await page.locator(byTestId('login-password')).fill('not the password');
    await page.locator(byTestId('login-submit')).click();
    // The server's answer is a code; the words around it are the app's, in German.
    await expect.poll(() => text(page, 'login-error')).toContain('Benutzername und Passwort passen nicht zusammen');

    await page.locator(byTestId('login-password')).fill(me.password);
    await page.locator(byTestId('login-submit')).click();
    const composer = page.locator(byTestId('composer-input'));
    await composer.waitFor({ state: 'visible' });
    expect(await composer.getAttribute('placeholder')).toBe('Nachricht an Hearth…');
    expect(await text(page, 'welcome')).toContain('Worüber möchtest du reden?');
    expect(await text(page, 'new-chat')).toBe('Neuer Chat');

    e2e.script('Wie spät ist es?', { reply: 'Zeit für Kuchen.', tokenIntervalMs: 2 });
    await sendMessage(page, 'Wie spät ist es?');
    await waitForStatus(page, 0, 'complete');
    await page.waitForURL(/\/c\//);
    const reply = page.locator(byTestId('message-assistant')).first();
    await expect.poll(() => reply.getByRole('button', { name: 'Antwort kopieren' }).count()).toBe(1);

    // The exported Markdown: German words, a German date, in the server's time zone (not "UTC").
    const conversationId = new URL(page.url()).pathname.split('/')[2]!;
    const markdown = await page.evaluate(
      (id) => fetch(`/api/conversations/${id}/export?format=markdown`).then((r) => r.text()),
      conversationId,
    );
    expect(markdown).toMatch(/\*\*Du\*\* · \d\d\.\d\d\.\d{4}, \d\d:\d\d\n\nWie spät ist es\?/);
    expect(markdown).toContain('*Begonnen ');

    // Dates and numbers in German: the session's sign-in time, the instructions' character count.
    await page.goto(`${e2e.baseUrl}/settings/security`);
    const session = page.locator(byTestId('session-row')).first();
    await expect.poll(() => session.innerText()).toMatch(/angemeldet am \d\d\.\d\d\.\d{4}, \d\d:\d\d/);
    await page.goto(`${e2e.baseUrl}/settings/profile`);
    await expect
      .poll(() => page.locator('#settings-custom-instructions-hint').innerText())
      .toBe('0 von 4.000 Zeichen. Leer lassen für keine.');
    expect(await page.locator('h1.page-title').innerText()).toBe('Einstellungen');
  });

  it('switches to English in Settings at once, keeps it after a reload, and can follow the browser again', async () => {
    const me = await makeAccount(e2e, { prefix: 'opa', displayName: 'Opa' });
    const page = await germanPage();
    await page.goto(e2e.baseUrl);
    await page.locator(byTestId('login-username')).fill(me.username);
    await page.locator(byTestId('login-password')).fill(me.password);
    await page.locator(byTestId('login-submit')).click();
    await page.locator(byTestId('composer-input')).waitFor({ state: 'visible' });
    await page.goto(`${e2e.baseUrl}/settings/profile`);
    const title = page.locator('h1.page-title');
    await expect.poll(() => title.innerText()).toBe('Einstellungen');
    const picker = page.locator(byTestId('settings-language'));
    expect(await picker.inputValue()).toBe('');
    expect(await picker.locator('option').first().innerText()).toBe('Wie dieser Browser (Deutsch)');

    await picker.selectOption('en');
    // At once: no reload, the whole page (the tabs too) and the page's lang.
    await expect.poll(() => title.innerText()).toBe('Settings');
    expect(await text(page, 'settings-tab-security')).toBe('Sign-in & security');
    await expect.poll(() => lang(page)).toBe('en');
    await expect
      .poll(() => page.locator('#settings-custom-instructions-hint').innerText())
      .toBe('0 of 4,000 characters. Leave it empty for none.');
    // Saved on the account (the server says so), so it survives a reload in a German browser.
    await expect
      .poll(() =>
        page
          .evaluate(() =>
            fetch('/api/auth/me').then((r) => r.json() as Promise<{ user: { settings: { language: string | null } } }>),
          )
          .then((b) => b.user.settings.language),
      )
      .toBe('en');
    await page.reload();
    await expect.poll(() => title.innerText(), { timeout: 15_000 }).toBe('Settings');
    expect(await picker.inputValue()).toBe('en');
    await page.goto(e2e.baseUrl);
    await page.locator(byTestId('composer-input')).waitFor({ state: 'visible' });
    expect(await page.locator(byTestId('composer-input')).getAttribute('placeholder')).toBe('Message Hearth…');

    // Back to following the browser: German again, at once.
    await page.goto(`${e2e.baseUrl}/settings/profile`);
    await expect.poll(() => title.innerText()).toBe('Settings');
    await picker.selectOption('');
    await expect.poll(() => title.innerText()).toBe('Einstellungen');
    await expect.poll(() => lang(page)).toBe('de');
  });

  it('stays English for an English browser', async () => {
    const page = await e2e.newPage();
    await page.goto(e2e.baseUrl);
    await expect.poll(() => page.locator('h1').innerText(), { timeout: 15_000 }).toBe('Sign in');
    expect(await lang(page)).toBe('en');
  });
});
