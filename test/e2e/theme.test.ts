/**
 * How the main screen looks: light and dark (by the theme control and by the device's
 * prefers-color-scheme), and on a phone with the drawer closed and open. Screenshots go to
 * test/e2e/screenshots/ for a human to look at; the assertions check what can be checked.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
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

const REPLY = [
  'Sure! Here is how to **boil an egg** perfectly:',
  '',
  '1. Bring water to a boil.',
  '2. Lower the egg in gently and wait *seven minutes*.',
  '3. Cool it in cold water.',
  '',
  'Or, as a script:',
  '',
  '```python',
  'def boil(egg, minutes=7):',
  '    """Boils an egg."""',
  '    return egg.cook(minutes * 60)',
  '```',
  '',
  '> Tip: older eggs peel more easily.',
].join('\n');

/** Signs in and builds a conversation that ends with a finished markdown reply. */
async function conversationWithReply(page: Page, prompt: string): Promise<void> {
  e2e.script(prompt, { reply: REPLY, tokenIntervalMs: 2 });
  await signIn(page, e2e.baseUrl, e2e.username, e2e.password);
  await sendMessage(page, prompt);
  await waitForStatus(page, 0, 'complete');
  await page.waitForURL(/\/c\//);
}

/** Picks a theme in the user menu, then closes the menu. */
async function chooseTheme(page: Page, theme: 'light' | 'dark' | 'system'): Promise<void> {
  await page.locator(byTestId('user-menu')).click();
  await page.locator(byTestId('theme-select')).selectOption(theme);
  await page.keyboard.press('Escape');
  await page.locator(byTestId('theme-select')).waitFor({ state: 'hidden' });
  // Esc hands focus back to the menu button (as it should); blur it for a clean picture.
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
}

/** The resolved theme on <html>, and how light the chat area's background is (0 black … 1 white). */
async function lookOf(page: Page): Promise<{ theme: string | null; luminance: number }> {
  return page.evaluate(() => {
    const main = document.querySelector('main') ?? document.body;
    let el: Element | null = main;
    let rgb = [255, 255, 255];
    while (el) {
      const m = /rgba?\(([\d.]+), ([\d.]+), ([\d.]+)(?:, ([\d.]+))?\)/.exec(getComputedStyle(el).backgroundColor);
      if (m && (m[4] === undefined || Number(m[4]) > 0.5)) {
        rgb = [Number(m[1]), Number(m[2]), Number(m[3])];
        break;
      }
      el = el.parentElement;
    }
    const [r, g, b] = rgb.map((c) => c / 255) as [number, number, number];
    return {
      theme: document.documentElement.getAttribute('data-theme'),
      luminance: 0.2126 * r + 0.7152 * g + 0.0722 * b,
    };
  });
}

describe('look and feel', () => {
  it('switches between light and dark with the theme control', async () => {
    const page = await e2e.newPage();
    await conversationWithReply(page, 'How do I boil an egg?');

    await chooseTheme(page, 'light');
    const light = await lookOf(page);
    expect(light.theme).toBe('light');
    expect(light.luminance).toBeGreaterThan(0.7);
    await screenshot(page, 'main-light');

    await chooseTheme(page, 'dark');
    const dark = await lookOf(page);
    expect(dark.theme).toBe('dark');
    expect(dark.luminance).toBeLessThan(0.3);
    await screenshot(page, 'main-dark');

    // The choice is remembered across a reload, with no flash of the other theme to test here.
    await page.reload();
    await waitForStatus(page, 0, 'complete');
    expect((await lookOf(page)).theme).toBe('dark');
    await chooseTheme(page, 'system');
  });

  it('follows the device (prefers-color-scheme) when the theme is System', async () => {
    const context = await e2e.newContext({ colorScheme: 'dark' });
    const page = await e2e.newPage(context);
    await conversationWithReply(page, 'How do I boil an egg, in the dark?');
    await chooseTheme(page, 'system');
    const dark = await lookOf(page);
    expect(dark.theme).toBe('dark');
    expect(dark.luminance).toBeLessThan(0.3);

    await page.emulateMedia({ colorScheme: 'light' });
    await expect.poll(async () => (await lookOf(page)).theme).toBe('light');
    expect((await lookOf(page)).luminance).toBeGreaterThan(0.7);
  });

  it('fits a phone in the dark too, and shows the empty new-chat screen', async () => {
    const context = await e2e.newContext({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
      colorScheme: 'dark',
    });
    const page = await e2e.newPage(context);
    await conversationWithReply(page, 'How do I boil an egg, on my phone at night?');
    expect((await lookOf(page)).theme).toBe('dark');
    await screenshot(page, 'phone-dark');
    await page.locator(byTestId('drawer-toggle')).click();
    await page.locator(byTestId('new-chat')).click();
    await page.waitForURL((url) => url.pathname === '/');
    await page.waitForTimeout(400);
    await screenshot(page, 'phone-new-chat-dark');
  });

  it('fits a phone: the drawer starts closed and opens over the chat', async () => {
    const context = await e2e.newContext({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
      colorScheme: 'light',
    });
    const page = await e2e.newPage(context);
    await conversationWithReply(page, 'How do I boil an egg, on my phone?');
    const sidebar = page.locator('nav.sidebar, [data-testid="sidebar"]').first();
    const inView = async () => {
      if (!(await sidebar.isVisible())) return false;
      const box = await sidebar.boundingBox();
      return !!box && box.x + box.width > 10 && box.x < 390;
    };
    expect(await inView()).toBe(false);
    // Nothing wider than the screen: no sideways scrolling.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(page, 'phone-drawer-closed');

    await page.locator(byTestId('drawer-toggle')).click();
    await expect.poll(inView).toBe(true);
    await page.waitForTimeout(400); // let the slide-in transition finish before the picture
    await screenshot(page, 'phone-drawer-open');

    // Choosing a chat closes the drawer again.
    await page.locator(byTestId('conversation-item')).first().click();
    await expect.poll(inView).toBe(false);
  });
});
