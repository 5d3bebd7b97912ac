/**
 * Issue 15.9 in a real browser: axe-core on every page and dialog, in both themes, on a desktop
 * and on a phone — no serious or critical violation anywhere. Then the "skip to message box"
 * link, and the plain words each secure-context feature shows on a plain-http address.
 *
 * One browser context per theme × viewport walks the list of VISITS (add a page by adding an
 * entry); every finding of every visit is collected, and the test fails once, listing them all.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { asUser, createUser, login, type Session } from '#test/helpers';
import type { FakeScript } from '#test/fakes/fake-model-server';
import { startE2E, type E2E } from './harness';
import { byTestId, signIn } from './chat-steps';
import { describeFindings, failing, runAxe, type Finding } from './axe-steps';

let e2e: E2E;
let admin: { username: string; password: string };
/** Paths made in beforeAll: the chat with a code-and-maths reply, a room, a direct room. */
const paths = { chat: '', failed: '', room: '', direct: '' };

const PROMPT = 'Show me code and maths';
const REPLY = [
  'Here is **a function** and a formula.',
  '',
  '```python',
  'def area(r):',
  '    """Area of a circle."""',
  '    return 3.14159 * r ** 2  # pi r squared',
  '',
  'print("a line too long for a phone, so the code block scrolls sideways to show all of it", area(2))',
  '```',
  '',
  'Inline $a^2 + b^2 = c^2$ and a block:',
  '',
  '$$\\int_0^1 x^2\\,dx = \\frac{1}{3} + \\sum_{n=1}^{\\infty} \\frac{1}{n^2} - \\frac{\\pi^2}{6} + a_1 + a_2 + a_3 + a_4 + a_5 + a_6 + a_7$$',
  '',
  '| Shape | Area | Perimeter | Notes |',
  '|---|---|---|---|',
  '| circle | πr² | 2πr | the round one that rolls |',
  '',
  '> A quote, and a [link](https://example.org).',
].join('\n');

/** One state of the app to check: how to get there, and what to check (a dialog, or the page). */
export type Visit = {
  name: string;
  /** Brings the page (already signed in unless `signedOut`) to the state to check. */
  open: (page: Page) => Promise<void>;
  /** A CSS selector to check instead of the whole page (an open modal dialog). */
  scope?: string;
  /** Run only on this viewport (the phone's drawer, say). */
  only?: 'desktop' | 'phone';
  /** Visited before signing in. */
  signedOut?: boolean;
};

/** In-app navigation (the router's own event): no reload, so axe and the app stay loaded. */
async function go(page: Page, path: string, ready: string): Promise<void> {
  await page.evaluate((to) => {
    if (location.pathname + location.search !== to) {
      history.pushState(null, '', to);
      window.dispatchEvent(new Event('hearth:navigate'));
    }
  }, path);
  await page.locator(ready).first().waitFor();
}

/** Closes whatever modal dialog is open (Esc), as a person would before going on. */
async function closeDialog(page: Page): Promise<void> {
  await page.keyboard.press('Escape');
  await page
    .locator('dialog[open]')
    .waitFor({ state: 'detached' })
    .catch(() => undefined);
  await expect.poll(() => page.locator('dialog[open]').count()).toBe(0);
}

/** Opens a dialog with `opener` on `path`; the visit checks the dialog only. */
function dialog(name: string, path: string | (() => string), ready: string, opener: string): Visit {
  return {
    name,
    scope: 'dialog[open]',
    open: async (page) => {
      await go(page, typeof path === 'string' ? path : path(), ready);
      await page.locator(opener).first().click();
      await page.locator('dialog[open]').waitFor();
      await page.waitForTimeout(150); // the dialog's opening transition, so colours are final
    },
  };
}

const admin_ = (tab: string) => `/admin/${tab}`;
const settings_ = (tab: string) => `/settings/${tab}`;
const bobRow = () => `${byTestId('admin-user-row')}[data-username="bob"]`;

/** Every page and dialog, in an order that walks the app (in-app navigation between them). */
export const VISITS: Visit[] = [
  {
    name: 'sign-in',
    signedOut: true,
    open: async (page) => {
      await page.goto(`${e2e.baseUrl}/login`);
      await page.locator(byTestId('login-username')).waitFor();
    },
  },
  {
    name: 'sign-in with an error',
    signedOut: true,
    open: async (page) => {
      await page.locator(byTestId('login-username')).fill('nobody');
      await page.locator(byTestId('login-password')).fill('wrong password here');
      await page.locator(byTestId('login-submit')).click();
      await page.locator('[role="alert"]').first().waitFor();
    },
  },
  {
    name: 'setup (first admin)',
    signedOut: true,
    open: async (page) => {
      // The suite's server has users already: the page is shown as on a fresh install.
      await page.route(`${e2e.baseUrl}/api/setup`, (route) =>
        route.request().method() === 'GET'
          ? route.fulfill({ json: { needed: true, memory: false } })
          : route.fallback(),
      );
      await page.goto(`${e2e.baseUrl}/setup?token=not-a-real-token`);
      await page.locator('form input').first().waitFor();
      await page.unroute(`${e2e.baseUrl}/api/setup`);
    },
  },
  {
    name: 'sign-up from an invite',
    signedOut: true,
    open: async (page) => {
      await page.goto(`${e2e.baseUrl}/signup?token=${inviteToken}`);
      await page.locator(byTestId('signup-username')).waitFor();
    },
  },
  {
    name: 'chat: empty',
    open: (page) => go(page, '/', byTestId('welcome')),
  },
  {
    name: 'chat: reply with code and maths',
    open: async (page) => {
      await go(page, paths.chat, byTestId('message-assistant'));
      await page
        .locator(`${byTestId('message-assistant')} .katex`)
        .first()
        .waitFor();
      await page
        .locator(`${byTestId('message-assistant')} pre code`)
        .first()
        .waitFor();
    },
  },
  {
    name: 'chat: editing a message',
    open: async (page) => {
      await page.locator(byTestId('message-user')).first().hover();
      await page.locator(byTestId('edit-message')).first().click();
      await page.locator(byTestId('edit-input')).waitFor();
    },
  },
  {
    name: 'chat: a reply that failed, with its details',
    open: async (page) => {
      await go(page, paths.failed, byTestId('message-error'));
      await page.locator(`${byTestId('message-error-details')} summary`).click();
    },
  },
  {
    name: 'chat: model picker open',
    open: async (page) => {
      await go(page, paths.chat, byTestId('message-assistant'));
      await page.locator(byTestId('model-picker')).click();
      await page.locator('[role="listbox"]').waitFor();
    },
  },
  {
    name: 'chat: drawer open (phone)',
    only: 'phone',
    open: async (page) => {
      await page.keyboard.press('Escape');
      await page.locator(byTestId('drawer-toggle')).first().click();
      await page.locator(byTestId('conversation-search')).waitFor({ state: 'visible' });
      await page.waitForTimeout(300); // the drawer slides in
    },
  },
  {
    name: 'conversation search',
    open: async (page) => {
      await page.keyboard.press('Escape');
      const toggle = page.locator(byTestId('drawer-toggle')).first();
      if (!(await page.locator(byTestId('conversation-search')).isVisible())) await toggle.click();
      await page.locator(byTestId('conversation-search')).fill('maths');
      await page
        .locator(`${byTestId('conversation-item')} mark, ${byTestId('conversation-item')}`)
        .first()
        .waitFor();
      await page.waitForTimeout(400); // the debounced search answers
    },
  },
  {
    name: 'dialog: delete a chat',
    scope: 'dialog[open]',
    open: async (page) => {
      const row = page.locator(`li:has(${byTestId('conversation-item')})`).first();
      await row.hover();
      await row.locator(byTestId('conversation-menu')).click();
      await page.locator(byTestId('conversation-delete')).click();
      await page.locator('dialog[open]').waitFor();
    },
  },
  {
    name: 'user menu',
    open: async (page) => {
      await go(page, paths.chat, byTestId('message-assistant'));
      if (!(await page.locator(byTestId('user-menu')).isVisible())) {
        await page.locator(byTestId('drawer-toggle')).first().click();
        await page.waitForTimeout(300);
      }
      await page.locator(byTestId('user-menu')).click();
      await page.locator(byTestId('theme-select')).waitFor();
    },
  },
  { name: 'settings: profile', open: (p) => go(p, settings_('profile'), byTestId('settings-profile')) },
  { name: 'settings: security', open: (p) => go(p, settings_('security'), byTestId('settings-passkeys')) },
  dialog(
    'dialog: sign out everywhere else',
    settings_('security'),
    byTestId('settings-sessions'),
    byTestId('sessions-revoke-others'),
  ),
  { name: 'settings: API tokens', open: (p) => go(p, settings_('tokens'), byTestId('settings-tokens')) },
  {
    name: 'settings: a new token shown',
    open: async (page) => {
      await closeDialog(page);
      await page.locator(byTestId('token-name')).fill(`axe ${Date.now()}`);
      await page.locator(byTestId('token-create')).click();
      await page.locator(byTestId('token-created')).waitFor();
    },
  },
  dialog('dialog: revoke a token', settings_('tokens'), byTestId('token-row'), byTestId('token-revoke')),
  {
    name: 'settings: notifications',
    open: (p) => go(p, settings_('notifications'), byTestId('notifications-section')),
  },
  { name: 'settings: usage', open: (p) => go(p, settings_('usage'), byTestId('usage-section')) },
  { name: 'settings: your data', open: (p) => go(p, settings_('data'), byTestId('data-export')) },
  { name: 'admin: users', open: (p) => go(p, admin_('users'), byTestId('admin-user-row')) },
  dialog('dialog: new user', admin_('users'), byTestId('admin-user-row'), byTestId('admin-create-user')),
  dialog('dialog: edit user', admin_('users'), bobRow(), `${bobRow()} ${byTestId('admin-user-edit')}`),
  dialog('dialog: reset password', admin_('users'), bobRow(), `${bobRow()} ${byTestId('admin-user-password')}`),
  dialog('dialog: delete user', admin_('users'), bobRow(), `${bobRow()} ${byTestId('admin-user-delete')}`),
  { name: 'admin: model servers', open: (p) => go(p, admin_('servers'), byTestId('admin-connection-row')) },
  dialog('dialog: add a model server', admin_('servers'), byTestId('admin-connection-row'), byTestId('connection-add')),
  dialog(
    'dialog: edit a model server',
    admin_('servers'),
    byTestId('admin-connection-row'),
    byTestId('connection-edit'),
  ),
  dialog(
    'dialog: delete a model server',
    admin_('servers'),
    byTestId('admin-connection-row'),
    byTestId('connection-delete'),
  ),
  {
    name: "admin: a server's model names",
    open: async (page) => {
      await go(page, admin_('servers'), byTestId('admin-connection-row'));
      await page.locator(byTestId('connection-names')).first().click();
      await page.locator(byTestId('names-model')).first().waitFor();
    },
  },
  { name: 'admin: tasks', open: (p) => go(p, admin_('tasks'), byTestId('admin-task-row')) },
  dialog('dialog: new task', admin_('tasks'), byTestId('admin-task-row'), byTestId('task-add')),
  dialog('dialog: edit a task', admin_('tasks'), byTestId('admin-task-row'), byTestId('task-edit')),
  { name: 'admin: music library', open: (p) => go(p, admin_('music'), byTestId('admin-music')) },
  { name: 'admin: rooms', open: (p) => go(p, admin_('rooms'), byTestId('admin-rooms')) },
  dialog('dialog: delete a room (admin)', admin_('rooms'), byTestId('admin-rooms'), byTestId('admin-room-delete')),
  { name: 'admin: audit log', open: (p) => go(p, admin_('audit'), byTestId('admin-audit')) },
  { name: 'admin: usage', open: (p) => go(p, admin_('usage'), byTestId('household-usage-section')) },
  { name: 'admin: sign-up', open: (p) => go(p, admin_('signup'), byTestId('invite-row')) },
  {
    name: 'admin: a new invite link shown',
    open: async (page) => {
      await go(page, admin_('signup'), byTestId('invite-row'));
      await page.locator(byTestId('invite-create')).click();
      await page.locator(byTestId('invite-created')).waitFor();
    },
  },
  dialog('dialog: revoke an invite', admin_('signup'), byTestId('invite-row'), byTestId('invite-revoke')),
  { name: 'people: landing', open: (p) => go(p, '/people', byTestId('people-landing')) },
  {
    name: 'dialog: new room',
    scope: 'dialog[open]',
    open: async (page) => {
      await go(page, '/people', byTestId('people-landing'));
      if (!(await page.locator(byTestId('new-room')).isVisible())) {
        await page.locator(byTestId('drawer-toggle')).first().click();
        await page.waitForTimeout(300); // the drawer slides in
      }
      await page.locator(byTestId('new-room')).click();
      await page.locator('dialog[open]').waitFor();
    },
  },
  {
    name: 'people: a room with messages',
    open: async (page) => {
      await closeDialog(page);
      await go(page, paths.room, byTestId('room-message'));
    },
  },
  {
    name: 'dialog: delete a message in a room',
    scope: 'dialog[open]',
    open: async (page) => {
      await go(page, paths.room, byTestId('room-message'));
      const mine = page.locator(`${byTestId('room-message')}:has-text("Who is cooking")`);
      await mine.hover();
      await mine.locator(byTestId('message-menu')).click();
      await page.locator(byTestId('delete-room-message')).click();
      await page.locator('dialog[open]').waitFor();
    },
  },
  dialog('dialog: room settings', () => paths.room, byTestId('room-message'), byTestId('room-settings')),
  { name: 'people: a direct message', open: (p) => go(p, paths.direct, byTestId('room-message')) },
];

/** An open invite, for the sign-up page and the admin's invite list. */
let inviteToken = '';

/** A chat made over the API (no browser): one message, answered by the fake as `script` says. */
async function makeChat(session: Session, title: string, prompt: string, script: FakeScript): Promise<string> {
  const app = e2e.hearth.app;
  e2e.script(prompt, script);
  const models = (await app.inject({ method: 'GET', url: '/api/models', headers: asUser(session) })).json<{
    items: { id: string }[];
  }>();
  const made = await app.inject({
    method: 'POST',
    url: '/api/conversations',
    headers: asUser(session),
    payload: { title, model: models.items[0]!.id },
  });
  const id = made.json<{ id: string }>().id;
  const sent = await app.inject({
    method: 'POST',
    url: `/api/conversations/${id}/messages`,
    headers: asUser(session),
    payload: { content: prompt, stream: false },
  });
  if (sent.statusCode !== 200 && !script.status) throw new Error(`sending failed: ${sent.statusCode} ${sent.body}`);
  return `/c/${id}`;
}

/** A room and a direct room with a few messages from both sides. */
async function makeRooms(session: Session, other: Session): Promise<{ room: string; direct: string }> {
  const app = e2e.hearth.app;
  const post = async (s: Session, url: string, payload: object) => {
    const res = await app.inject({ method: 'POST', url, headers: asUser(s), payload });
    if (res.statusCode >= 300) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
    return res.json<{ id: string }>();
  };
  const room = await post(session, '/api/rooms', {
    name: 'Kitchen',
    description: 'Dinner plans',
    memberIds: [other.user.id],
  });
  await post(session, `/api/rooms/${room.id}/messages`, { text: 'Who is cooking **tonight**?' });
  await post(other, `/api/rooms/${room.id}/messages`, { text: 'Me! Pasta, @' + session.user.username });
  const direct = await post(session, '/api/rooms/direct', { userId: other.user.id });
  await post(other, `/api/rooms/${direct.id}/messages`, { text: 'Can you pick up bread?' });
  await post(session, `/api/rooms/${direct.id}/messages`, { text: 'Sure, on my way home.' });
  return { room: `/r/${room.id}`, direct: `/r/${direct.id}` };
}

beforeAll(async () => {
  e2e = await startE2E();
  const made = await createUser(e2e.hearth.app, { username: 'axeadmin', displayName: 'Ada Admin', role: 'admin' });
  admin = { username: made.user.username, password: made.password };
  const other = await createUser(e2e.hearth.app, { username: 'bob', displayName: 'Bob' });
  const session = await login(e2e.hearth.app, admin.username, admin.password);
  const bobSession = await login(e2e.hearth.app, other.user.username, other.password);
  paths.chat = await makeChat(session, 'Circles and maths', PROMPT, {
    reply: REPLY,
    thinking: 'The area of a circle is pi times the radius squared.',
    tokenIntervalMs: 0,
  });
  paths.failed = await makeChat(session, 'A reply that failed', 'Will this fail?', {
    status: 500,
    errorMessage: 'CUDA out of memory',
  });
  Object.assign(paths, await makeRooms(session, bobSession));
  await e2e.hearth.app.inject({
    method: 'PATCH',
    url: '/api/admin/settings',
    headers: asUser(session),
    payload: { signupMode: 'invite' },
  });
  const invite = await e2e.hearth.app.inject({
    method: 'POST',
    url: '/api/admin/invites',
    headers: asUser(session),
    payload: { role: 'member', expiresInHours: 24 },
  });
  inviteToken = invite.json<{ token: string }>().token;
  // A model server of the admin's own (one from the config cannot be edited or deleted).
  await e2e.hearth.app.inject({
    method: 'POST',
    url: '/api/admin/connections',
    headers: asUser(session),
    payload: { name: 'Living-room PC', provider: 'ollama', baseUrl: e2e.fake.ollamaBaseUrl, enabled: true },
  });
  // A token to revoke, and a second session to end ("sign out everywhere else").
  await e2e.hearth.app.inject({
    method: 'POST',
    url: '/api/auth/tokens',
    headers: asUser(session),
    payload: { name: 'editor plugin' },
  });
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
  const unopened: string[] = [];
  let signedIn = false;
  for (const visit of VISITS) {
    if (visit.only && visit.only !== device) continue;
    if (!visit.signedOut && !signedIn) {
      await signIn(page, e2e.baseUrl, admin.username, admin.password);
      signedIn = true;
    }
    try {
      await visit.open(page);
    } catch (error) {
      // Go on with the other visits (one report for everything), from a fresh load of the app.
      unopened.push(`${theme} ${device}: could not open "${visit.name}": ${String(error).split('\n')[0]}`);
      await page.goto(`${e2e.baseUrl}/`);
      continue;
    }
    expect(await page.evaluate(() => document.documentElement.getAttribute('data-theme'))).toBe(theme);
    found.set(visit.name, failing(await runAxe(page, visit.scope)));
    if (visit.scope === 'dialog[open]') await closeDialog(page);
  }
  return { found, unopened };
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
    await signIn(page, e2e.baseUrl, admin.username, admin.password);
    await page.goto(`${e2e.baseUrl}${paths.chat}`);
    await page.locator(byTestId('message-assistant')).first().waitFor();
    const focused = () => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? null);
    expect(await focused()).toBeNull();

    await page.keyboard.press('Tab');
    await expect.poll(focused).toBe('skip-to-message-box');
    const link = page.locator(byTestId('skip-to-message-box'));
    expect(await link.textContent()).toBe('Skip to the message box');
    // Shown on focus: inside the viewport, not off-screen.
    await expect.poll(async () => (await link.boundingBox())?.y ?? -1).toBeGreaterThanOrEqual(0);
    await page.keyboard.press('Enter');
    await expect.poll(focused).toBe('composer-input');

    // On a desktop the box has the focus on load already; the link is still the first stop of
    // the page, before the chat list (the first focusable element in the page's order).
    const desk = await e2e.newPage(await e2e.newContext(VIEWPORTS.desktop));
    await signIn(desk, e2e.baseUrl, admin.username, admin.password);
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
    await expect
      .poll(() => desk.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? null))
      .toBe('composer-input');
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
    await signIn(page, e2e.baseUrl, admin.username, admin.password);
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

    // A code block's Copy in a reply does the same.
    await go(page, paths.chat, `${byTestId('message-assistant')} .code-copy`);
    await page
      .locator(`${byTestId('message-assistant')} .code-copy`)
      .first()
      .click();
    await expect.poll(() => page.evaluate(() => window.getSelection()?.toString() ?? '')).toContain('def area(r):');
    expect(await page.locator(byTestId('copy-by-hand')).textContent()).toContain('press Ctrl+C');
  });
});
