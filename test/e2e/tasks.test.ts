/**
 * Tasks in Chromium (issue 12 items 1-5): an admin creates a task with one model; "Try it" opens
 * a chat with it; a member sees it in the task picker, the model picker then offers only that
 * model, the reply is asked with the task's prompt and parameters, and picking another task in
 * a chat that has messages starts a new chat and says so.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startE2E, type E2E } from './harness';
import { assistantMessages, byTestId, sendMessage, signIn } from './chat-steps';
import { makeAccount, openAdmin } from './admin-steps';

const MODEL = 'env-1/fake-model';

let e2e: E2E;
let admin: { username: string; password: string; id: string };
beforeAll(async () => {
  e2e = await startE2E();
  admin = await makeAccount(e2e, { prefix: 'boss', role: 'admin' });
});
afterEach(async () => {
  await e2e.closeContexts();
});
afterAll(async () => {
  await e2e?.close();
});

/** The model ids the open model picker offers. */
async function offeredModels(page: Page): Promise<string[]> {
  await page.locator(byTestId('model-picker')).click();
  const options = page.locator(byTestId('model-option'));
  await options.first().waitFor();
  const ids = await options.evaluateAll((els) => els.map((el) => el.getAttribute('data-model-id') ?? ''));
  await page.keyboard.press('Escape');
  return ids;
}

describe('tasks', () => {
  it('an admin creates a task with one model; Try it and a member’s chat use only that model', async () => {
    const page = await e2e.newPage();
    await openAdmin(page, e2e, admin, 'tasks');
    expect(await page.locator(byTestId('admin-tasks')).innerText()).toContain('A member may use a task when');

    await page.locator(byTestId('task-add')).click();
    const dialog = page.locator(byTestId('task-dialog'));
    await dialog.waitFor();
    await dialog.locator(byTestId('task-name')).fill('Spelling coach');
    await dialog.locator(byTestId('task-prompt')).fill('SPELLING PROMPT: help with spelling only.');
    await dialog.locator(byTestId('allow-models-some')).check();
    const items = dialog.locator(`${byTestId('allow-models-item')} input`);
    await expect.poll(() => items.count()).toBeGreaterThan(1);
    for (const input of await items.all()) {
      await input.setChecked((await input.getAttribute('value')) === MODEL);
    }
    await dialog.locator(byTestId('task-temperature')).fill('0.4');
    await dialog.locator(byTestId('task-prompt-visible')).check();
    await dialog.locator(byTestId('task-dialog-submit')).click();
    await dialog.waitFor({ state: 'hidden' });
    const row = page.locator(`${byTestId('admin-task-row')}[data-task="spelling-coach"]`);
    await row.waitFor();

    // Try it: a chat of the admin's own with the task, its model picker narrowed.
    await row.locator(byTestId('task-try')).click();
    await page.waitForURL((url) => url.pathname.startsWith('/c/'));
    await expect.poll(() => page.locator(byTestId('task-picker')).inputValue()).toBe('spelling-coach');
    expect(await offeredModels(page)).toEqual([MODEL]);

    // A member sees the task, and then only its model.
    const member = await makeAccount(e2e, { prefix: 'kid' });
    const memberPage = await e2e.newPage();
    await signIn(memberPage, e2e.baseUrl, member.username, member.password);
    const picker = memberPage.locator(byTestId('task-picker'));
    await expect.poll(() => picker.locator('option').allInnerTexts()).toContain('Spelling coach');
    expect((await offeredModels(memberPage)).length).toBeGreaterThan(1);
    await picker.selectOption('spelling-coach');
    await expect.poll(() => offeredModels(memberPage)).toEqual([MODEL]);
    // The admin let members see the instructions: the new chat shows them (read only).
    expect(await memberPage.locator(byTestId('task-instructions')).innerText()).toContain('Spelling coach');

    await sendMessage(memberPage, 'spell necessary');
    const request = await e2e.chatRequestFor('spell necessary', 15_000);
    const body = request.body as { messages: { role: string; content: string }[]; temperature?: number };
    expect(body.messages[0]).toEqual({ role: 'system', content: 'SPELLING PROMPT: help with spelling only.' });
    expect(body.temperature).toBe(0.4);
    await memberPage.waitForURL((url) => url.pathname.startsWith('/c/'));
    await expect.poll(() => assistantMessages(memberPage).count(), { timeout: 15_000 }).toBe(1);

    // The chat keeps its task: another task starts a new chat, and the page says so.
    await picker.selectOption('general');
    await memberPage.waitForURL((url) => url.pathname === '/');
    await memberPage.locator(byTestId('task-notice')).waitFor();
    expect(await memberPage.locator(byTestId('task-notice')).innerText()).toContain('new chat');
    expect(await picker.inputValue()).toBe('general');
  });
});
