/**
 * The security pass as people see it in Chromium: no CSP violation on load (zod's eval probe is
 * off), a paused account is told whom to ask, a failed reply reads in plain words with Try again
 * — the technical detail behind "Details" for an admin only —, the token scope picker, and an
 * audit log that reads as sentences.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { updateAccount } from '#server/accounts/service';
import { updateAdminUser } from '#server/accounts/admin-users';
import { startE2E, type E2E } from './harness';
import { byTestId, sendMessage, signIn, waitForStatus } from './chat-steps';
import { makeAccount, openAdmin, openSettings } from './admin-steps';

let e2e: E2E;
let mum: { username: string; password: string; id: string };

beforeAll(async () => {
  e2e = await startE2E();
  // The household's admin, whom members are told to ask.
  mum = await makeAccount(e2e, { prefix: 'mum', role: 'admin', displayName: 'Mum' });
});
afterEach(async () => {
  await e2e.closeContexts();
});
afterAll(async () => {
  await e2e?.close();
});

/** Collects CSP violations in every frame, from before the page's own scripts run. */
const CSP_WATCH = `(() => {
  const seen = [];
  Object.defineProperty(window, '__csp', { value: seen });
  document.addEventListener('securitypolicyviolation', (e) => {
    seen.push(e.violatedDirective + ' ' + e.blockedURI + ' at ' + e.sourceFile + ':' + e.lineNumber);
  }, true);
})();`;

const violations = (page: Page) => page.evaluate(() => (window as unknown as { __csp: string[] }).__csp);

describe('page load', () => {
  it('reports no CSP violation on the sign-in page or the chat screen', async () => {
    const context = await e2e.newContext();
    await context.addInitScript(CSP_WATCH);
    const page = await e2e.newPage(context);
    await page.goto(e2e.baseUrl);
    await page.locator(byTestId('login-username')).waitFor();
    await page.waitForTimeout(300);
    expect(await violations(page)).toEqual([]);
    const { username, password } = await e2e.newUser();
    await signIn(page, e2e.baseUrl, username, password);
    await page.reload();
    await page.locator(byTestId('composer-input')).waitFor();
    await page.waitForTimeout(300);
    expect(await violations(page)).toEqual([]);
  });
});

describe('a paused account', () => {
  it('hears, after the right password, that it is paused and whom to ask', async () => {
    const grandma = await makeAccount(e2e, { prefix: 'grandma' });
    await updateAccount(e2e.hearth.app.ctx, grandma.id, { disabled: true });
    const page = await e2e.newPage();
    // The refused sign-in is a 403/401 fetch, which Chromium logs.
    e2e.watch(page).allowConsoleError(/status of 40[13]/);
    await page.goto(e2e.baseUrl);
    await page.locator(byTestId('login-username')).fill(grandma.username);
    await page.locator(byTestId('login-password')).fill(grandma.password);
    await page.locator(byTestId('login-submit')).click();
    await expect
      .poll(() => page.locator(byTestId('login-error')).innerText())
      .toBe('Your account is paused — ask Mum.');
    // A wrong password still gets the usual answer.
    await page.locator(byTestId('login-password')).fill('not her password');
    await page.locator(byTestId('login-submit')).click();
    await expect
      .poll(() => page.locator(byTestId('login-error')).innerText())
      .toBe('That username and password don’t match. Check them and try again.');
  });
});

describe('a failed reply', () => {
  async function failedReply(page: Page, who: { username: string; password: string }, prompt: string) {
    e2e.watch(page).allowConsoleError(/status of 50[23]/);
    e2e.script(prompt, { status: 500, errorMessage: 'CUDA out of memory' });
    await signIn(page, e2e.baseUrl, who.username, who.password);
    await page.locator(byTestId('new-chat')).click();
    await sendMessage(page, prompt);
    const reply = await waitForStatus(page, 0, 'error');
    return reply.locator(byTestId('message-error'));
  }

  it('reads to a member in plain words with Try again, and no technical detail', async () => {
    const page = await e2e.newPage();
    const error = await failedReply(page, await e2e.newUser(), 'member failure');
    const text = await error.innerText();
    expect(text).toContain(
      'The assistant ran into a problem on the family computer. Try again in a minute, or tell Mum.',
    );
    for (const technical of ['HTTP', '500', 'CUDA', '127.0.0.1', 'OpenAI']) expect(text).not.toContain(technical);
    expect(await error.locator(byTestId('message-error-details')).count()).toBe(0);
    // Not hidden, absent: the page never received it.
    expect(await page.content()).not.toContain('CUDA');
    // Try again asks once more; this time the model answers.
    e2e.script('member failure', { reply: 'Second time lucky.' });
    await error.locator(byTestId('try-again')).click();
    await expect
      .poll(async () =>
        (await page.locator(byTestId('message-assistant')).last().innerText()).includes('Second time lucky.'),
      )
      .toBe(true);
  });

  it('shows an admin the detail behind Details', async () => {
    const page = await e2e.newPage();
    const error = await failedReply(page, mum, 'admin failure');
    const details = error.locator(byTestId('message-error-details'));
    await details.waitFor();
    expect(await details.locator('p').isVisible()).toBe(false);
    await details.locator('summary').click();
    const detail = await details.locator('p').innerText();
    expect(detail).toContain('HTTP 500');
    expect(detail).toContain('CUDA out of memory');
    expect(await error.innerText()).toContain('Admin → Model servers');
  });
});

describe('Settings → API tokens', () => {
  it('lets a member pick models or chat (models by default), and shows each token’s scope', async () => {
    const page = await e2e.newPage();
    await openSettings(page, e2e, await e2e.newUser(), 'tokens');
    expect(await page.locator(byTestId('token-scope-admin')).count()).toBe(0);
    expect(await page.locator(`${byTestId('token-scope-models')} input`).isChecked()).toBe(true);
    await page.locator(byTestId('token-name')).fill('Editor plugin');
    await page.locator(byTestId('token-create')).click();
    await page.locator(byTestId('token-done')).click();
    await page.locator(byTestId('token-scope-chat')).click();
    await page.locator(byTestId('token-name')).fill('Laptop terminal');
    await page.locator(byTestId('token-create')).click();
    await page.locator(byTestId('token-done')).click();
    await expect.poll(() => page.locator(byTestId('token-row')).count()).toBe(2);
    const rows = await page.locator(byTestId('token-row')).allInnerTexts();
    expect(rows.find((r) => r.includes('Editor plugin'))).toContain('Other apps');
    expect(rows.find((r) => r.includes('Laptop terminal'))).toContain('Terminal client');
  });

  it('offers an admin the admin scope, with a plain warning', async () => {
    const page = await e2e.newPage();
    await openSettings(page, e2e, mum, 'tokens');
    expect(await page.locator(byTestId('token-admin-warning')).count()).toBe(0);
    await page.locator(byTestId('token-scope-admin')).click();
    const warning = await page.locator(byTestId('token-admin-warning')).innerText();
    expect(warning).toContain('add and remove people');
    await page.locator(byTestId('token-name')).fill('Backup script');
    await page.locator(byTestId('token-create')).click();
    await page.locator(byTestId('token-done')).click();
    await expect
      .poll(async () => (await page.locator(byTestId('token-row')).allInnerTexts()).join('\n'))
      .toMatch(/Backup script\s+Admin/);
  });
});

describe('the audit log', () => {
  it('reads as sentences with names, not field names or ids', async () => {
    const kid = await makeAccount(e2e, { prefix: 'kid', displayName: 'Alfie' });
    await updateAdminUser(e2e.hearth.app.ctx, { actorId: mum.id, ip: '127.0.0.1' }, kid.id, { modelIds: [] });
    const page = await e2e.newPage();
    await openAdmin(page, e2e, mum, 'audit');
    const row = page.locator(`${byTestId('audit-row')}[data-action="user.updated"]`).first();
    await row.waitFor();
    const text = await row.innerText();
    expect(text).toContain('Mum changed Alfie’s allowed models');
    expect(text).not.toContain(kid.id);
    expect(text).not.toContain('modelIds');
  });
});
