/**
 * A member's settings in Chromium: display name and theme; a personal API token (shown once,
 * works against /v1, revoked); the sessions list with "sign out everywhere else"; a password
 * change that signs out the other sessions. Screenshots in light and dark, and on a phone.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { screenshot, startE2E, type E2E } from './harness';
import { byTestId, signIn } from './chat-steps';
import { confirmButton, expectNoSidewaysScroll, makeAccount, openSettings } from './admin-steps';

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

describe('settings', () => {
  it('changes the display name and the theme, which follow the account', async () => {
    const me = await makeAccount(e2e, { prefix: 'sam', displayName: 'Sam' });
    const page = await e2e.newPage();
    await openSettings(page, e2e, me);
    await page.locator(byTestId('settings-display-name')).fill('Samantha');
    await page.locator(byTestId('settings-display-name-save')).click();
    await page.locator(byTestId('settings-profile-saved')).waitFor();

    await page.locator(byTestId('settings-theme-dark')).click();
    await expect.poll(() => page.evaluate(() => document.documentElement.getAttribute('data-theme'))).toBe('dark');

    // Another device sees both.
    const other = await e2e.newPage();
    await signIn(other, e2e.baseUrl, me.username, me.password);
    expect(await other.locator(byTestId('user-menu')).innerText()).toContain('Samantha');
    expect(await other.evaluate(() => document.documentElement.getAttribute('data-theme'))).toBe('dark');
  });

  it('creates an API token that is shown once, works with /v1, and can be revoked', async () => {
    const me = await makeAccount(e2e, { prefix: 'dev' });
    const page = await e2e.newPage();
    await openSettings(page, e2e, me, 'tokens');
    await page.locator(byTestId('token-list-empty')).waitFor();
    await page.locator(byTestId('token-name')).fill('Laptop terminal');
    await page.locator(byTestId('token-create')).click();
    const token = (await page.locator(byTestId('token-secret')).innerText()).trim();
    expect(token.length).toBeGreaterThan(20);
    await page.locator(byTestId('token-copy')).click();
    await page.locator(byTestId('token-row')).waitFor();
    expect(await page.locator(byTestId('token-row')).innerText()).toContain('Laptop terminal');
    expect(await page.locator(byTestId('token-base-url')).innerText()).toBe(`${e2e.baseUrl}/v1`);

    const models = await fetch(`${e2e.baseUrl}/v1/models`, { headers: { Authorization: `Bearer ${token}` } });
    expect(models.status).toBe(200);
    // The default is "other apps": /v1 only. A member is not offered an admin token.
    expect(await page.locator(byTestId('token-scope')).innerText()).toBe('Other apps');
    expect(await page.locator(byTestId('token-scope-admin')).count()).toBe(0);
    const me2 = await fetch(`${e2e.baseUrl}/api/auth/me`, { headers: { Authorization: `Bearer ${token}` } });
    expect(me2.status).toBe(403);

    // Once dismissed, the secret is gone for good: not in the page, not in the list the server sends.
    await page.locator(byTestId('token-done')).click();
    await page.reload();
    await page.locator(byTestId('token-row')).waitFor();
    expect(await page.content()).not.toContain(token);

    await page.locator(byTestId('token-revoke')).click();
    await confirmButton(page).click();
    await page.locator(byTestId('token-list-empty')).waitFor();
    const after = await fetch(`${e2e.baseUrl}/v1/models`, { headers: { Authorization: `Bearer ${token}` } });
    expect(after.status).toBe(401);

    // A terminal-client token reaches the chat API, and says so in the list.
    await page.locator(byTestId('token-scope-chat')).click();
    await page.locator(byTestId('token-name')).fill('Terminal');
    await page.locator(byTestId('token-create')).click();
    const chatToken = (await page.locator(byTestId('token-secret')).innerText()).trim();
    await page.locator(byTestId('token-row')).waitFor();
    expect(await page.locator(byTestId('token-scope')).innerText()).toBe('Terminal client');
    const chatMe = await fetch(`${e2e.baseUrl}/api/auth/me`, { headers: { Authorization: `Bearer ${chatToken}` } });
    expect(chatMe.status).toBe(200);
  });

  it('lists sessions, marks this one, and signs out everywhere else', async () => {
    const me = await makeAccount(e2e, { prefix: 'multi' });
    const phone = await e2e.newPage();
    await signIn(phone, e2e.baseUrl, me.username, me.password);

    const page = await e2e.newPage();
    await openSettings(page, e2e, me, 'security');
    const rows = page.locator(byTestId('session-row'));
    await expect.poll(() => rows.count()).toBe(2);
    expect(await page.locator(byTestId('session-current')).count()).toBe(1);
    await screenshot(page, 'settings-security-light');

    await page.locator(byTestId('sessions-revoke-others')).click();
    await confirmButton(page).click();
    expect(await page.locator(byTestId('sessions-note')).innerText()).toContain('Signed out 1 other session');
    await expect.poll(() => rows.count()).toBe(1);

    // The other device is signed out (its socket is closed, or its next request is refused).
    e2e.watch(phone).allowConsoleError(/status of 401/);
    await phone.reload();
    await phone.locator(byTestId('login-username')).waitFor();
  });

  it('changes the password: other sessions end, this one stays, the new password works', async () => {
    const me = await makeAccount(e2e, { prefix: 'pw' });
    const other = await e2e.newPage();
    await signIn(other, e2e.baseUrl, me.username, me.password);

    const page = await e2e.newPage();
    e2e.watch(page).allowConsoleError(/status of 400/);
    await openSettings(page, e2e, me, 'security');

    // A wrong current password is named on its field.
    await page.locator(byTestId('password-currentPassword')).fill('not my password');
    await page.locator(byTestId('password-newPassword')).fill('a fresh new passphrase');
    await page.locator(byTestId('password-confirm')).fill('a fresh new passphrase');
    await page.locator(byTestId('password-submit')).click();
    await expect.poll(() => page.locator('#password-currentPassword-error').innerText()).toContain('current password');

    // Mismatched repeat: caught before sending.
    await page.locator(byTestId('password-currentPassword')).fill(me.password);
    await page.locator(byTestId('password-confirm')).fill('a fresh new passphras');
    await page.locator(byTestId('password-submit')).click();
    await expect.poll(() => page.locator('#password-confirm-error').innerText()).toContain('don’t match');

    await page.locator(byTestId('password-confirm')).fill('a fresh new passphrase');
    await page.locator(byTestId('password-submit')).click();
    expect(await page.locator(byTestId('password-changed')).innerText()).toContain('other sessions were signed out');
    await expect.poll(() => page.locator(byTestId('session-row')).count()).toBe(1);

    // Still signed in here; signed out there.
    await page.reload();
    await page.locator(byTestId('settings-password')).waitFor();
    e2e.watch(other).allowConsoleError(/status of 401/);
    await other.reload();
    await other.locator(byTestId('login-username')).waitFor();
    await signIn(other, e2e.baseUrl, me.username, 'a fresh new passphrase');
  });
});

describe('settings: how it looks', () => {
  it('in light and dark, and on a phone', async () => {
    const me = await makeAccount(e2e, { prefix: 'look', displayName: 'Jo Look' });
    for (const scheme of ['light', 'dark'] as const) {
      const context = await e2e.newContext({ colorScheme: scheme });
      const page = await e2e.newPage(context);
      await openSettings(page, e2e, me);
      expect(await page.evaluate(() => document.documentElement.getAttribute('data-theme'))).toBe(scheme);
      await screenshot(page, `settings-profile-${scheme}`);
      await page.locator(byTestId('settings-tab-tokens')).click();
      await page.locator(byTestId('token-name')).fill('Home script');
      await page.locator(byTestId('token-create')).click();
      await page.locator(byTestId('token-secret')).waitFor();
      await screenshot(page, `settings-tokens-${scheme}`);
      await page.locator(byTestId('token-done')).click();
      await page.locator(byTestId('settings-tab-security')).click();
      await page.locator(byTestId('session-row')).first().waitFor();
      await screenshot(page, `settings-security-${scheme}`, { fullPage: false });
    }

    const phone = await e2e.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await e2e.newPage(phone);
    await openSettings(page, e2e, me, 'security');
    await page.locator(byTestId('session-row')).first().waitFor();
    await expectNoSidewaysScroll(page);
    await screenshot(page, 'settings-security-phone');
    await page.locator(byTestId('settings-tab-tokens')).click();
    await page.locator(byTestId('token-row')).first().waitFor();
    await expectNoSidewaysScroll(page);
    await screenshot(page, 'settings-tokens-phone');
  });
});
