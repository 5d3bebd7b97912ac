/**
 * Using Hearth from another tool, as a member would: create a token in Settings, read the /v1
 * address under it, point the official `openai` client at it, then see that reply counted in
 * Settings → Usage next to the one sent in the web app.
 */
import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
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

describe('other tools through /v1', () => {
  it('a token from Settings works with the openai client, and both replies show in Settings → Usage', async () => {
    const page = await e2e.newPage();
    await signIn(page, e2e.baseUrl, e2e.username, e2e.password);
    await sendMessage(page, 'Hello from the web');
    await waitForStatus(page, 0, 'complete');

    await page.goto(`${e2e.baseUrl}/settings/tokens`);
    await page.locator(byTestId('token-name')).fill('Editor plugin');
    await page.locator(byTestId('token-create')).click();
    const token = (await page.locator(byTestId('token-secret')).textContent())!.trim();
    const baseURL = (await page.locator(byTestId('gateway-base-url')).textContent())!.trim();
    expect(baseURL).toBe(`${e2e.baseUrl}/v1`);
    await screenshot(page, 'settings-tokens-gateway', { fullPage: true });

    const client = new OpenAI({ baseURL, apiKey: token, maxRetries: 0 });
    const [model] = (await client.models.list()).data;
    const reply = await client.chat.completions.create({
      model: model!.id,
      messages: [{ role: 'user', content: 'Hello from a tool' }],
    });
    expect(reply.choices[0]!.message.content).toBeTruthy();

    await page.goto(`${e2e.baseUrl}/settings/usage`);
    await expect.poll(() => page.locator(byTestId('usage-chat')).textContent()).toContain('1 reply');
    expect(await page.locator(byTestId('usage-api')).textContent()).toContain('1 reply');
    expect(await page.locator(byTestId('usage-total')).textContent()).toContain('2 replies');
    await screenshot(page, 'settings-usage');
  });
});
