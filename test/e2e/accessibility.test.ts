/**
 * Issue 15.9 in a real browser: axe-core on every page and dialog, in both themes, on a desktop
 * and on a phone — no serious or critical violation anywhere. Then the "skip to message box"
 * link, and the plain words each secure-context feature shows on a plain-http address.
 *
 * One browser context per theme × viewport walks the list of VISITS (add a page by adding an
 * entry); every finding of every visit is collected, and the test fails once, listing them all.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { screenshot, startE2E, type E2E } from './harness';
import { byTestId, signIn } from './chat-steps';
import { describeFindings, failing, lesser, runAxe, type Finding } from './axe-steps';
import { seedA11yWorld, type A11yWorld } from './a11y-world';
import { go, walkVisits } from './a11y-visits';

let e2e: E2E;
let world: A11yWorld;

beforeAll(async () => {
  e2e = await startE2E();
  world = await seedA11yWorld(e2e);
});
afterEach(async () => {
  await e2e.closeContexts();
});
afterAll(async () => {
  await e2e?.close();
});

const VIEWPORTS = {
  desktop: { viewport: { width: 1280, height: 800 } },
  phone: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
} as const;

/** Walks every visit in one context; returns each visit's failing findings. */
async function walk(
  theme: 'light' | 'dark',
  device: keyof typeof VIEWPORTS,
): Promise<{ found: Map<string, Finding[]>; unopened: string[] }> {
  // The user's theme is "system": the context's colour scheme picks light or dark.
  const context = await e2e.newContext({ ...VIEWPORTS[device], colorScheme: theme, bypassCSP: true });
  const page = await e2e.newPage(context);
  e2e.watch(page).allowConsoleError(/status of 40[13]/); // the wrong sign-in, the fake setup token
  const found = new Map<string, Finding[]>();
  const minor = new Set<string>();
  const unopened = await walkVisits(page, e2e.baseUrl, world, device, async (visit) => {
    expect(await page.evaluate(() => document.documentElement.getAttribute('data-theme'))).toBe(theme);
    const findings = await runAxe(page, visit.scope);
    found.set(visit.name, failing(findings));
    for (const name of lesser(findings)) minor.add(name);
  });
  if (minor.size > 0) console.log(`axe ${theme} ${device}, not failing: ${[...minor].join(', ')}`);
  return { found, unopened: unopened.map((line) => `${theme} ${device}: ${line}`) };
}

describe('accessibility (axe-core): no serious or critical violation', () => {
  for (const theme of ['light', 'dark'] as const) {
    for (const device of ['desktop', 'phone'] as const) {
      it(`every page and dialog, ${theme} theme, ${device}`, { timeout: 180_000 }, async () => {
        const { found, unopened } = await walk(theme, device);
        const counts = [...found].map(([name, f]) => `${name}: ${f.reduce((n, x) => n + x.targets.length, 0)}`);
        console.log(`axe ${theme} ${device} (serious+critical nodes per visit):\n  ${counts.join('\n  ')}`);
        const lines = [...found].flatMap(([name, f]) => describeFindings(`${theme} ${device} · ${name}`, f));
        expect([...unopened, ...lines], [...unopened, ...lines].join('\n')).toEqual([]);
      });
    }
  }
});

describe('the "skip to the message box" link', () => {
  it('is the first thing Tab reaches, shows itself, and Enter puts the cursor in the message box', async () => {
    // A phone: the message box is not focused on load there (it would pop the keyboard up).
    const phone = await e2e.newContext({ ...VIEWPORTS.phone, colorScheme: 'light' });
    const page = await e2e.newPage(phone);
    await signIn(page, e2e.baseUrl, world.admin.username, world.admin.password);
    await page.goto(`${e2e.baseUrl}${world.paths.chat}`);
    await page.locator(byTestId('message-assistant')).first().waitFor();
    const focused = () => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? null);
    expect(await focused()).toBeNull();

    await page.keyboard.press('Tab');
    await expect.poll(focused).toBe('skip-to-message-box');
    const link = page.locator(byTestId('skip-to-message-box'));
    expect(await link.textContent()).toBe('Skip to the message box');
    // Shown on focus: inside the viewport, not off-screen.
    await expect.poll(async () => (await link.boundingBox())?.y ?? -1).toBeGreaterThanOrEqual(0);
    await screenshot(page, 'a11y-skip-link-phone');
    await page.keyboard.press('Enter');
    await expect.poll(focused).toBe('composer-input');

    // On a desktop the box has the focus on load already; the link is still the first stop of
    // the page, before the chat list (the first focusable element in the page's order).
    const desk = await e2e.newPage(await e2e.newContext(VIEWPORTS.desktop));
    await signIn(desk, e2e.baseUrl, world.admin.username, world.admin.password);
    const first = await desk.evaluate(() => {
      const focusable = 'a[href], button:not([disabled]), input:not([disabled]), select, textarea, [tabindex]';
      const el = [...document.querySelectorAll<HTMLElement>(focusable)].find(
        (e) => e.tabIndex >= 0 && e.getClientRects().length > 0,
      );
      return el?.getAttribute('data-testid') ?? el?.outerHTML.slice(0, 80);
    });
    expect(first).toBe('skip-to-message-box');
    await desk.locator(byTestId('skip-to-message-box')).focus();
    await desk.keyboard.press('Enter');
    const deskFocused = () => desk.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? null);
    await expect.poll(deskFocused).toBe('composer-input');

    // In a people-chat room it goes to that room's message box.
    await go(desk, world.paths.room, byTestId('room-composer-input'));
    await desk.locator(byTestId('skip-to-message-box')).focus();
    await desk.keyboard.press('Enter');
    await expect.poll(deskFocused).toBe('room-composer-input');
  });
});

describe('the model picker', () => {
  it('is called by the model and the server it runs on, as the button shows them', async () => {
    const page = await e2e.newPage(await e2e.newContext(VIEWPORTS.desktop));
    await signIn(page, e2e.baseUrl, world.admin.username, world.admin.password);
    const picker = page.getByRole('button', { name: /^Model: .+ on Model server on this computer$/ });
    await expect.poll(() => picker.count()).toBe(1);
    expect(await picker.getAttribute('data-testid')).toBe('model-picker');
  });
});

/**
 * Hearth opened over plain http on the home network: the browser says "not a secure context".
 * Tests may talk to 127.0.0.1 only (always secure), so the page is told it is not — and the old
 * copy fallback refuses too, as it does in browsers that dropped it.
 */
const NOT_SECURE = () => {
  Object.defineProperty(window, 'isSecureContext', { value: false, configurable: true });
  document.execCommand = () => false;
};

describe('on a page that is not a secure context', () => {
  it('passkeys, notifications, the app and copying each say so in plain words', async () => {
    const context = await e2e.newContext(VIEWPORTS.desktop);
    await context.addInitScript(NOT_SECURE);
    const page = await e2e.newPage(context);
    await signIn(page, e2e.baseUrl, world.admin.username, world.admin.password);
    expect(await page.evaluate(() => window.isSecureContext)).toBe(false);

    await go(page, '/settings/security', byTestId('settings-passkeys'));
    expect(await page.locator(byTestId('passkeys-unsupported')).textContent()).toBe(
      'Passkeys need a secure connection (https). Ask whoever runs Hearth to turn on HTTPS — it’s one setting (HEARTH_TLS=auto).',
    );
    expect(await page.locator(byTestId('passkey-add')).count()).toBe(0);

    await go(page, '/settings/notifications', byTestId('notifications-section'));
    await page.locator(byTestId('notifications-insecure')).waitFor();
    const note = await page.locator(byTestId('insecure-app-note')).textContent();
    expect(note).toContain(`Hearth is open at ${e2e.baseUrl}, which isn’t a secure (https) address`);
    expect(note).toContain('installing Hearth as an app');
    expect(note).toContain('the unread count on the app');
    expect(note).toContain('HEARTH_TLS=auto');

    // Copy by button: the token is selected on screen, and the words say how to copy it.
    await go(page, '/settings/tokens', byTestId('settings-tokens'));
    await page.locator(byTestId('token-name')).fill('copy by hand');
    await page.locator(byTestId('token-create')).click();
    const secret = await page.locator(byTestId('token-secret')).textContent();
    await page.locator(byTestId('token-copy')).click();
    await expect
      .poll(() => page.locator(byTestId('copy-by-hand')).textContent())
      .toBe(
        'Copying with a button needs a secure connection (https). The text is selected: press Ctrl+C (⌘C on a Mac) to copy it.',
      );
    expect(await page.evaluate(() => window.getSelection()?.toString())).toBe(secret);
    await screenshot(page, 'a11y-copy-by-hand');

    // A code block's Copy in a reply does the same.
    await go(page, world.paths.chat, `${byTestId('message-assistant')} .code-copy`);
    await page
      .locator(`${byTestId('message-assistant')} .code-copy`)
      .first()
      .click();
    await expect.poll(() => page.evaluate(() => window.getSelection()?.toString() ?? '')).toContain('def area(r):');
    expect(await page.locator(byTestId('copy-by-hand')).textContent()).toContain('press Ctrl+C');
  });
});
