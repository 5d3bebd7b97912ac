/**
 * Steps for the admin console and settings browser tests: accounts made on the server, pages
 * opened as a person would (user menu → Settings / Admin console), and a look at the layout.
 */
import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import { createUser } from '#test/helpers';
import type { E2E } from './harness';
import { byTestId, signIn } from './chat-steps';

let counter = 0;

/** A fresh account straight on the server (unique username per call). */
export async function makeAccount(
  e2e: E2E,
  input: { prefix?: string; role?: 'admin' | 'member'; displayName?: string; supervised?: boolean } = {},
): Promise<{ username: string; password: string; id: string }> {
  const username = `${input.prefix ?? 'person'}${++counter}${Date.now() % 10_000}`;
  const { user, password } = await createUser(e2e.hearth.app, {
    username,
    role: input.role ?? 'member',
    displayName: input.displayName,
    supervised: input.supervised,
  });
  return { username: user.username, password, id: user.id };
}

/** Opens the user menu (on a phone, it is in the drawer). */
async function openUserMenu(page: Page): Promise<void> {
  const toggle = page.locator(byTestId('drawer-toggle'));
  if (await toggle.isVisible()) {
    await toggle.click();
    await page.waitForTimeout(300); // the drawer slides in
  }
  await page.locator(byTestId('user-menu')).click();
}

/** Signs in and opens a page of the admin console through the user menu. */
export async function openAdmin(
  page: Page,
  e2e: E2E,
  who: { username: string; password: string },
  tab = 'users',
): Promise<void> {
  await signIn(page, e2e.baseUrl, who.username, who.password);
  await openUserMenu(page);
  await page.locator(byTestId('open-admin')).click();
  await page.locator(byTestId('admin')).waitFor();
  if (tab !== 'users') await page.locator(byTestId(`admin-tab-${tab}`)).click();
  await page.waitForURL((url) => url.pathname === `/admin/${tab}`);
}

/** Signs in and opens a settings section through the user menu. */
export async function openSettings(
  page: Page,
  e2e: E2E,
  who: { username: string; password: string },
  tab = 'profile',
): Promise<void> {
  await signIn(page, e2e.baseUrl, who.username, who.password);
  await openUserMenu(page);
  await page.locator(byTestId('open-settings')).click();
  await page.locator(byTestId('settings')).waitFor();
  if (tab !== 'profile') await page.locator(byTestId(`settings-tab-${tab}`)).click();
  await page.waitForURL((url) => url.pathname === `/settings/${tab}`);
}

/** The admin console's row for `username`. */
export const userRow = (page: Page, username: string) =>
  page.locator(`${byTestId('admin-user-row')}[data-username="${username}"]`);

/** Nothing on the page is wider than the viewport (no sideways scrolling on a phone). */
export async function expectNoSidewaysScroll(page: Page): Promise<void> {
  const { scroll, width } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    width: window.innerWidth,
  }));
  expect(scroll).toBeLessThanOrEqual(width);
  // The scrolling main area too (the page itself does not scroll; its main column does).
  const inner = await page.evaluate(() => {
    const main = document.querySelector('.page-main');
    return main ? { scroll: main.scrollWidth, client: main.clientWidth } : null;
  });
  if (inner) expect(inner.scroll).toBeLessThanOrEqual(inner.client + 1);
}

/** The confirm button of the confirmation dialog that is open. */
export const confirmButton = (page: Page) => page.locator(`dialog[open] ${byTestId('confirm-button')}`);
