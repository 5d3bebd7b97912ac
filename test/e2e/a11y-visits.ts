/**
 * The pages and dialogs the accessibility test checks, in an order that walks the app. To check a
 * new page, add a Visit: how to get there from anywhere (in-app navigation with `go`), and for a
 * modal, `scope: 'dialog[open]'` (or use `dialog(...)`).
 */
import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import { byTestId, signIn } from './chat-steps';
import type { A11yWorld } from './a11y-world';

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
export async function go(page: Page, path: string, ready: string): Promise<void> {
  await page.evaluate((to) => {
    if (location.pathname + location.search !== to) {
      history.pushState(null, '', to);
      window.dispatchEvent(new Event('hearth:navigate'));
    }
  }, path);
  await page.locator(ready).first().waitFor();
}

/** Closes whatever modal dialog is open (Esc), as a person would before going on. */
export async function closeDialog(page: Page): Promise<void> {
  await page.keyboard.press('Escape');
  await page
    .locator('dialog[open]')
    .waitFor({ state: 'detached' })
    .catch(() => undefined);
  await expect.poll(() => page.locator('dialog[open]').count()).toBe(0);
}

/** Opens a dialog with `opener` on `path`; the visit checks the dialog only. */
export function dialog(name: string, path: string | (() => string), ready: string, opener: string): Visit {
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
export function visits(world: A11yWorld): Visit[] {
  const { baseUrl, paths, inviteToken } = world;
  return [
    {
      name: 'sign-in',
      signedOut: true,
      open: async (page) => {
        await page.goto(`${baseUrl}/login`);
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
        await page.route(`${baseUrl}/api/setup`, (route) =>
          route.request().method() === 'GET'
            ? route.fulfill({ json: { needed: true, memory: false } })
            : route.fallback(),
        );
        await page.goto(`${baseUrl}/setup?token=not-a-real-token`);
        await page.locator('form input').first().waitFor();
        await page.unroute(`${baseUrl}/api/setup`);
      },
    },
    {
      name: 'sign-up from an invite',
      signedOut: true,
      open: async (page) => {
        await page.goto(`${baseUrl}/signup?token=${inviteToken}`);
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
        // The search answered: of the two chats, only the one about maths is listed.
        await expect.poll(() => page.locator(byTestId('conversation-item')).count()).toBe(1);
        await page.locator(`${byTestId('conversation-item')}:has-text("Circles and maths")`).waitFor();
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
    dialog(
      'dialog: add a model server',
      admin_('servers'),
      byTestId('admin-connection-row'),
      byTestId('connection-add'),
    ),
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
    { name: 'family: a supervised member’s card', open: (p) => go(p, '/family', byTestId('family-controls')) },
  ];
}

/**
 * Walks every visit for `device` in one page: signs in as the admin before the first visit that
 * needs it, opens each, calls `check` on it and closes its dialog. A visit that cannot be opened
 * is reported (one report for everything) and the walk goes on from a fresh load of the app.
 * @returns the visits that could not be opened, one line each
 */
export async function walkVisits(
  page: Page,
  baseUrl: string,
  world: A11yWorld,
  device: 'desktop' | 'phone',
  check: (visit: Visit) => Promise<void>,
): Promise<string[]> {
  const unopened: string[] = [];
  let signedIn = false;
  for (const visit of visits(world)) {
    if (visit.only && visit.only !== device) continue;
    if (!visit.signedOut && !signedIn) {
      await signIn(page, baseUrl, world.admin.username, world.admin.password);
      signedIn = true;
    }
    try {
      await visit.open(page);
    } catch (error) {
      unopened.push(`could not open "${visit.name}": ${String(error).split('\n')[0]}`);
      await page.goto(`${baseUrl}/`);
      continue;
    }
    await check(visit);
    if (visit.scope === 'dialog[open]') await closeDialog(page);
  }
  return unopened;
}
