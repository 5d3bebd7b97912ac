/**
 * Friendly names (issue 15): the admin renames a server from HEARTH_MODEL_SERVERS and one of its
 * models, and hides another; a member's model picker shows the new names and not the hidden model.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startE2E, type E2E } from './harness';
import { byTestId, signIn } from './chat-steps';
import { makeAccount, openAdmin } from './admin-steps';

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

describe('friendly names', () => {
  it('an admin renames a configured server and a model and hides another; a member sees just that', async () => {
    const admin = await makeAccount(e2e, { prefix: 'admin', role: 'admin' });
    const page = await e2e.newPage();
    await openAdmin(page, e2e, admin, 'servers');
    const row = page.locator(`${byTestId('admin-connection-row')}`).first();
    await expect.poll(() => row.getAttribute('data-name')).toBe('Model server on this computer');
    await row.locator(byTestId('connection-names')).click();

    const panel = row.locator(byTestId('names-panel'));
    await panel.locator(byTestId('names-server-name')).fill('Living-room PC');
    await panel.locator(byTestId('names-server-save')).click();
    await expect.poll(() => row.getAttribute('data-name'), { timeout: 10_000 }).toBe('Living-room PC');

    const model = panel.locator(`${byTestId('names-model')}[data-model="fake-model"]`);
    await model.locator(byTestId('names-model-name')).fill('Homework helper');
    await model.locator(byTestId('names-model-save')).click();
    await model.getByRole('status').waitFor();
    const reasoner = panel.locator(`${byTestId('names-model')}[data-model="fake-reasoner"]`);
    await reasoner.locator(byTestId('names-model-hidden')).check();
    await reasoner.locator(byTestId('names-model-save')).click();
    await reasoner.getByRole('status').waitFor();

    const member = await e2e.newUser();
    const memberPage = await e2e.newPage();
    await signIn(memberPage, e2e.baseUrl, member.username, member.password);
    const picker = memberPage.locator(byTestId('model-picker'));
    await expect.poll(() => picker.innerText(), { timeout: 10_000 }).toContain('Homework helper');
    expect(await picker.innerText()).toContain('Living-room PC');
    await picker.click();
    const options = memberPage.locator(byTestId('model-option'));
    await expect.poll(() => options.count()).toBe(1);
    expect(await options.first().innerText()).toContain('Homework helper');
    // textContent: the group heading is shown in capitals by CSS.
    expect(await memberPage.locator('.model-menu').textContent()).toContain('Living-room PC');
    expect(await memberPage.locator('.model-menu').innerText()).not.toContain('fake-reasoner');
  });
});
