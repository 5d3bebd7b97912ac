/**
 * Passkeys in Chromium with the DevTools virtual authenticator (a platform authenticator with
 * resident keys and user verification, like a phone's fingerprint unlock): sign in with the
 * password, register a passkey, sign out, sign in with the passkey and no password.
 *
 * The page is opened as http://localhost:<port>: WebAuthn refuses IP addresses as the site.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, CDPSession, Page } from 'playwright-core';
import { startE2E, screenshot, type E2E } from './harness';
import { PageWatch } from './page-watch';
import { byTestId, signIn } from './chat-steps';

let e2e: E2E;
let origin: string;
let context: BrowserContext | null = null;
let watch: PageWatch | null = null;

beforeAll(async () => {
  e2e = await startE2E();
  origin = e2e.baseUrl.replace('127.0.0.1', 'localhost');
});
afterEach(async () => {
  const problems = watch?.problems() ?? [];
  await context?.close();
  context = null;
  watch = null;
  expect(problems).toEqual([]);
});
afterAll(async () => {
  await e2e?.close();
});

/** A page on http://localhost:<port> with a virtual platform authenticator attached. */
async function pageWithAuthenticator(): Promise<{ page: Page; cdp: CDPSession; authenticatorId: string }> {
  context = await e2e.browser.newContext({ viewport: { width: 1280, height: 800 } });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  watch = new PageWatch(page, origin);
  const cdp = await context.newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return { page, cdp, authenticatorId };
}

/** Registers a passkey from Settings → Sign-in & security, names it, as a person would. */
async function registerInSettings(page: Page, name: string): Promise<void> {
  await page.goto(`${origin}/settings/security`);
  await page.locator(byTestId('passkey-add')).click();
  // The device's prompt is answered by the virtual authenticator; then the app asks for a name.
  await page.locator(byTestId('passkey-name')).fill(name);
  await page.locator(byTestId('passkey-name-save')).click();
  await page.locator(byTestId('passkey-row'), { hasText: name }).waitFor({ state: 'visible' });
}

describe('passkeys in the browser', () => {
  it('registers a passkey in settings, then signs in with it and no password', async () => {
    const { page, cdp, authenticatorId } = await pageWithAuthenticator();
    await signIn(page, origin, e2e.username, e2e.password);

    await registerInSettings(page, 'Virtual fingerprint');
    const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
    expect(credentials).toHaveLength(1);
    expect(credentials[0]).toMatchObject({ isResidentCredential: true, rpId: 'localhost', userName: e2e.username });
    const countAfterRegistering = credentials[0]!.signCount;
    await screenshot(page, 'passkeys-settings');

    // The server lists it for this user.
    const listed = await page.evaluate(
      async () => (await fetch('/api/auth/passkeys')).json() as Promise<{ items: { name: string }[] }>,
    );
    expect(listed.items.map((p) => p.name)).toEqual(['Virtual fingerprint']);

    // Sign out, then back in with the passkey alone.
    await page.evaluate(async () => {
      const me = await (await fetch('/api/auth/me')).json();
      await fetch('/api/auth/logout', { method: 'POST', headers: { 'X-CSRF-Token': me.csrfToken } });
    });
    watch!.allowConsoleError(/status of 401/);
    await page.goto(origin);
    await page.locator(byTestId('login-passkey')).click();
    await page.locator(byTestId('composer-input')).waitFor({ state: 'visible' });
    const me = await page.evaluate(
      async () => (await fetch('/api/auth/me')).json() as Promise<{ user: { username: string } }>,
    );
    expect(me.user.username).toBe(e2e.username);
    // The authenticator signed: its counter moved, and the server recorded the use.
    const after = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
    expect(after.credentials[0]!.signCount).toBeGreaterThan(countAfterRegistering);
    const used = await page.evaluate(
      async () => (await fetch('/api/auth/passkeys')).json() as Promise<{ items: { lastUsedAt: string | null }[] }>,
    );
    expect(used.items[0]?.lastUsedAt).toEqual(expect.any(String));
  });
});
