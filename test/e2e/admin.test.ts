/**
 * The admin console in Chromium: an admin creates a member who then signs in; disabling a
 * member signs out their open page; the last admin is protected; model servers are tested and
 * added with a write-only key; the audit log filters; invite links make accounts. Screenshots of
 * the console in light and dark, and on a phone, go to test/e2e/screenshots/.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { screenshot, startE2E, type E2E } from './harness';
import { byTestId, signIn } from './chat-steps';
import { confirmButton, expectNoSidewaysScroll, makeAccount, openAdmin, userRow } from './admin-steps';

let e2e: E2E;
let admin: { username: string; password: string; id: string };

beforeAll(async () => {
  e2e = await startE2E();
  admin = await makeAccount(e2e, { prefix: 'boss', role: 'admin', displayName: 'Pat Admin' });
});
afterEach(async () => {
  await e2e.closeContexts();
});
afterAll(async () => {
  await e2e?.close();
});

describe('admin console: users', () => {
  it('an admin creates a member, who then signs in', async () => {
    const page = await e2e.newPage();
    await openAdmin(page, e2e, admin);
    await page.locator(byTestId('admin-create-user')).click();
    const dialog = page.locator(byTestId('create-user-dialog'));
    await dialog.waitFor();

    // Bad input is explained before anything is sent.
    await dialog.locator(byTestId('new-user-username')).fill('x');
    await dialog.locator(byTestId('create-user-dialog-submit')).click();
    await expect.poll(() => dialog.locator('.field-error').count()).toBeGreaterThan(0);

    await dialog.locator(byTestId('new-user-username')).fill('robin');
    await dialog.locator(byTestId('new-user-display-name')).fill('Robin Small');
    await dialog.locator(byTestId('new-user-password')).fill('a long family password');
    await dialog.locator(byTestId('new-user-supervised')).check();
    await dialog.locator(byTestId('create-user-dialog-submit')).click();
    await dialog.waitFor({ state: 'hidden' });

    const row = userRow(page, 'robin');
    await row.waitFor();
    expect(await row.locator(byTestId('badge-supervised')).isVisible()).toBe(true);
    expect(await row.locator(byTestId('badge-admin')).count()).toBe(0);
    expect(await page.locator(byTestId('admin-users-notice')).innerText()).toContain('robin');

    // The same username again: the 409 is shown on the field.
    e2e.watch(page).allowConsoleError(/status of 409/);
    await page.locator(byTestId('admin-create-user')).click();
    await dialog.locator(byTestId('new-user-username')).fill('robin');
    await dialog.locator(byTestId('new-user-password')).fill('another long password');
    await dialog.locator(byTestId('create-user-dialog-submit')).click();
    await expect.poll(() => dialog.locator('#new-user-username-error').innerText()).toContain('taken');
    await dialog.locator(byTestId('create-user-dialog-cancel')).click();

    // Robin signs in with the password the admin chose.
    const robin = await e2e.newPage();
    await signIn(robin, e2e.baseUrl, 'robin', 'a long family password');
    expect(await robin.locator(byTestId('composer-input')).isVisible()).toBe(true);

    // A member has no admin console: not in the menu, and the address shows "not allowed".
    await robin.locator(byTestId('user-menu')).click();
    expect(await robin.locator(byTestId('open-settings')).isVisible()).toBe(true);
    expect(await robin.locator(byTestId('open-admin')).count()).toBe(0);
    await robin.goto(`${e2e.baseUrl}/admin`);
    await robin.locator(byTestId('admin-forbidden')).waitFor();
  });

  it('disabling a member signs out their open page at once; enabling lets them back', async () => {
    const member = await makeAccount(e2e, { prefix: 'kid', displayName: 'Kid' });
    const memberPage = await e2e.newPage();
    await signIn(memberPage, e2e.baseUrl, member.username, member.password);
    // Let the page's WebSocket connect, so the sign-out comes through it.
    await expect.poll(() => e2e.watch(memberPage).webSockets.length).toBeGreaterThan(0);

    const page = await e2e.newPage();
    await openAdmin(page, e2e, admin);
    const row = userRow(page, member.username);
    await row.locator(byTestId('admin-user-disable')).click();
    await confirmButton(page).click();
    await row.locator(byTestId('badge-disabled')).waitFor();

    // The member's page shows the sign-in form without them doing anything.
    await memberPage.locator(byTestId('login-username')).waitFor({ timeout: 5000 });

    // Disabled: their password no longer works; they are told the account is paused (a 403).
    e2e.watch(memberPage).allowConsoleError(/status of 40[13]/);
    await memberPage.locator(byTestId('login-username')).fill(member.username);
    await memberPage.locator(byTestId('login-password')).fill(member.password);
    await memberPage.locator(byTestId('login-submit')).click();
    await memberPage.locator(byTestId('login-error')).waitFor();
    expect(await memberPage.locator(byTestId('login-error')).innerText()).toMatch(/^Your account is paused — ask /);

    await row.locator(byTestId('admin-user-enable')).click();
    await expect.poll(() => row.locator(byTestId('badge-disabled')).count()).toBe(0);
    await signIn(memberPage, e2e.baseUrl, member.username, member.password);
  });

  it('protects the last active admin, and shows the server’s 409', async () => {
    const solo = await startE2E();
    try {
      const only = await makeAccount(solo, { prefix: 'only', role: 'admin' });
      const page = await solo.newPage();
      solo.watch(page).allowConsoleError(/status of 409/);
      await openAdmin(page, solo, only);
      const row = userRow(page, only.username);
      expect(await row.locator(byTestId('admin-user-disable')).isDisabled()).toBe(true);
      expect(await row.locator(byTestId('admin-user-delete')).isDisabled()).toBe(true);
      expect(await row.locator(byTestId('last-admin-note')).innerText()).toContain('only active admin');
      await row.locator(byTestId('admin-user-edit')).click();
      const dialog = page.locator(byTestId('edit-user-dialog'));
      expect(await dialog.locator(byTestId('edit-user-role')).isDisabled()).toBe(true);
      expect(await dialog.locator(byTestId('edit-user-role-hint')).innerText()).toContain(
        'make someone else an admin first',
      );
      await dialog.locator(byTestId('edit-user-dialog-cancel')).click();

      // Should the UI be out of date (another admin was just disabled elsewhere), the server refuses.
      const status = await page.evaluate(async (id) => {
        const me = (await (await fetch('/api/auth/me')).json()) as { csrfToken: string };
        const res = await fetch(`/api/admin/users/${id}`, {
          method: 'PATCH',
          headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrfToken },
          body: JSON.stringify({ role: 'member' }),
        });
        return res.status;
      }, only.id);
      expect(status).toBe(409);
    } finally {
      await solo.closeContexts();
      await solo.close();
    }
  });

  it('limits a member to some models and tasks, and deletes a member after naming what goes', async () => {
    const member = await makeAccount(e2e, { prefix: 'limited' });
    const page = await e2e.newPage();
    await openAdmin(page, e2e, admin);
    const row = userRow(page, member.username);
    await row.locator(byTestId('admin-user-edit')).click();
    const dialog = page.locator(byTestId('edit-user-dialog'));
    await dialog.locator(byTestId('allow-tasks-some')).check();
    const tasks = dialog.locator(byTestId('allow-tasks-item'));
    await expect.poll(() => tasks.count()).toBeGreaterThan(1);
    await tasks.nth(1).locator('input').uncheck();
    await dialog.locator(byTestId('edit-user-dialog-submit')).click();
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => row.innerText()).toContain('Limited to');

    const memberPage = await e2e.newPage();
    await signIn(memberPage, e2e.baseUrl, member.username, member.password);
    const visible = await memberPage.evaluate(
      async () => ((await (await fetch('/api/tasks')).json()) as { items: unknown[] }).items.length,
    );
    const all = await page.evaluate(
      async () => ((await (await fetch('/api/admin/tasks')).json()) as { items: unknown[] }).items.length,
    );
    expect(visible).toBe(all - 1);

    await row.locator(byTestId('admin-user-delete')).click();
    const del = page.locator(byTestId('delete-user-dialog'));
    await del.locator(byTestId('delete-user-summary')).waitFor();
    const summary = await del.locator(byTestId('delete-user-summary')).innerText();
    expect(summary).toMatch(/0 conversations with 0 messages/);
    expect(summary).toMatch(/1 open session/);
    // The button stays off until the username is typed.
    expect(await del.locator(byTestId('delete-user-dialog-submit')).isDisabled()).toBe(true);
    await del.locator(byTestId('delete-user-confirm')).fill(member.username);
    await del.locator(byTestId('delete-user-dialog-submit')).click();
    await del.waitFor({ state: 'hidden' });
    await expect.poll(() => row.count()).toBe(0);
  });
});

describe('admin console: model servers, audit, sign-up', () => {
  it('tests the configured server, adds one with a key that is never shown again', async () => {
    const page = await e2e.newPage();
    await openAdmin(page, e2e, admin, 'servers');
    const envRow = page.locator(byTestId('admin-connection-row')).first();
    await envRow.waitFor();
    expect(await envRow.innerText()).toContain('HEARTH_MODEL_SERVERS');
    expect(await envRow.locator(byTestId('connection-edit')).count()).toBe(0); // read-only
    await envRow.locator(byTestId('connection-test')).click();
    const result = envRow.locator(byTestId('connection-test-result'));
    await expect.poll(() => result.getAttribute('data-state')).toBe('reachable');
    expect(await result.innerText()).toMatch(/Reachable · \d+ models? · \d+ ms/);

    await page.locator(byTestId('connection-add')).click();
    const dialog = page.locator(byTestId('connection-dialog'));
    await dialog.locator(byTestId('connection-preset-openai')).click();
    await dialog.locator(byTestId('connection-name')).fill('Upstairs box');
    await dialog.locator(byTestId('connection-url')).fill(e2e.fake.openaiBaseUrl);
    const secret = 'sk-test-never-shown-again-1234';
    await dialog.locator(byTestId('connection-key')).fill(secret);
    await dialog.locator(byTestId('connection-dialog-test')).click();
    await expect
      .poll(() => dialog.locator(byTestId('connection-dialog-test-result')).getAttribute('data-state'))
      .toBe('reachable');
    await screenshot(page, 'admin-connection-dialog');
    await dialog.locator(byTestId('connection-dialog-submit')).click();
    await dialog.waitFor({ state: 'hidden' });

    const added = page.locator(`${byTestId('admin-connection-row')}[data-name="Upstairs box"]`);
    await added.waitFor();
    await added.locator(byTestId('connection-has-key')).waitFor();
    await added.locator(byTestId('connection-edit')).click();
    await dialog.locator(byTestId('connection-key-saved')).waitFor();
    // The key is nowhere in the page, nor in anything the server sent.
    expect(await page.content()).not.toContain(secret);
    const listed = await page.evaluate(async () => (await fetch('/api/admin/connections')).text());
    expect(listed).not.toContain(secret);
    await dialog.locator(byTestId('connection-dialog-cancel')).click();

    await added.locator(byTestId('connection-delete')).click();
    await confirmButton(page).click();
    await expect.poll(() => added.count()).toBe(0);
  });

  it('shows the audit log and filters it by action', async () => {
    e2e.watch(await e2e.newPage()); // (keeps the harness's page bookkeeping uniform)
    // A failed sign-in to find in the log.
    const res = await fetch(`${e2e.baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: admin.username, password: 'wrong password here' }),
    });
    expect(res.status).toBe(401);

    const page = await e2e.newPage();
    await openAdmin(page, e2e, admin, 'audit');
    await page.locator(byTestId('audit-row')).first().waitFor();
    expect(await page.locator(byTestId('audit-row')).count()).toBeGreaterThan(2);
    await page.locator(byTestId('audit-filter-action')).selectOption('auth.login_failed');
    await expect
      .poll(async () => {
        const actions = await page
          .locator(byTestId('audit-row'))
          .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-action')));
        return actions.length > 0 && actions.every((a) => a === 'auth.login_failed');
      })
      .toBe(true);
    await page.locator(byTestId('audit-filter-clear')).click();
    await expect.poll(() => page.locator(byTestId('audit-row')).count()).toBeGreaterThan(2);
  });

  it('turns on sign-up by invite; the link makes one account, once', async () => {
    const page = await e2e.newPage();
    await openAdmin(page, e2e, admin, 'signup');
    await page.locator(byTestId('signup-mode-invite')).click();
    await expect.poll(() => page.locator(`${byTestId('signup-mode-invite')} input`).isChecked()).toBe(true);
    await page.locator(byTestId('invite-create')).click();
    const link = await page.locator(byTestId('invite-link')).innerText();
    expect(link).toMatch(/\/signup\?token=/);
    await page.locator(byTestId('invite-done')).click();
    await page
      .locator(`${byTestId('invite-row')}[data-state="active"]`)
      .first()
      .waitFor();

    const guest = await e2e.newPage();
    await guest.goto(link);
    await guest.locator(byTestId('signup-username')).fill('newcomer');
    await guest.locator(byTestId('signup-password')).fill('a brand new password');
    await guest.locator(byTestId('signup-confirm')).fill('a brand new password');
    await guest.locator(byTestId('signup-submit')).click();
    await guest.locator(byTestId('composer-input')).waitFor();

    // Used: the same link now explains itself.
    const again = await e2e.newPage();
    await again.goto(link);
    await again.getByText('was used already').waitFor();

    await page.reload();
    await page
      .locator(`${byTestId('invite-row')}[data-state="used"]`)
      .first()
      .waitFor();
    await page.locator(byTestId('signup-mode-off')).click();
  });
});

describe('admin console: how it looks', () => {
  it('in light and dark, and on a phone', async () => {
    await makeAccount(e2e, { prefix: 'teen', supervised: true, displayName: 'Teen' });
    for (const scheme of ['light', 'dark'] as const) {
      const context = await e2e.newContext({ colorScheme: scheme });
      const page = await e2e.newPage(context);
      await openAdmin(page, e2e, admin);
      await page.locator(byTestId('admin-user-row')).first().waitFor();
      expect(await page.evaluate(() => document.documentElement.getAttribute('data-theme'))).toBe(scheme);
      await screenshot(page, `admin-users-${scheme}`);
      await page.locator(byTestId('admin-tab-servers')).click();
      await page.locator(byTestId('admin-connection-row')).first().waitFor();
      await screenshot(page, `admin-servers-${scheme}`);
      await page.locator(byTestId('admin-tab-audit')).click();
      await page.locator(byTestId('audit-row')).first().waitFor();
      await screenshot(page, `admin-audit-${scheme}`);
      await page.locator(byTestId('admin-tab-tasks')).click();
      await page.locator(byTestId('admin-task-row')).first().waitFor();
      await page.locator(byTestId('task-edit')).first().click();
      await page.locator(byTestId('task-dialog')).waitFor();
      await screenshot(page, `admin-task-dialog-${scheme}`);
      await page.locator(byTestId('task-dialog-cancel')).click();
      await page.locator(byTestId('admin-tab-signup')).click();
      await page.locator(byTestId('invite-create')).waitFor();
      await screenshot(page, `admin-signup-${scheme}`);
      await page.locator(byTestId('admin-tab-users')).click();
      await userRow(page, admin.username).locator(byTestId('admin-user-edit')).click();
      await page.locator(byTestId('edit-user-dialog')).waitFor();
      await page.waitForTimeout(200);
      await screenshot(page, `admin-edit-user-${scheme}`);
    }

    const phone = await e2e.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await e2e.newPage(phone);
    await openAdmin(page, e2e, admin);
    await page.locator(byTestId('admin-user-row')).first().waitFor();
    await expectNoSidewaysScroll(page);
    await screenshot(page, 'admin-users-phone');
    await page.locator(byTestId('admin-tab-audit')).click();
    await page.locator(byTestId('audit-row')).first().waitFor();
    await expectNoSidewaysScroll(page);
    await screenshot(page, 'admin-audit-phone');
    await page.locator(byTestId('admin-tab-users')).click();
    await page.locator(byTestId('admin-create-user')).click();
    await page.locator(byTestId('create-user-dialog')).waitFor();
    await screenshot(page, 'admin-create-user-phone');
  });
});
