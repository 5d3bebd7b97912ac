/**
 * Throw-away mode in the browser: a server started as `hearth serve --memory` starts it shows a
 * banner across the top of the signed-in app saying nothing is kept; a normal server shows none.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { chromium, type Browser } from 'playwright-core';
import { loadConfig } from '#server/config';
import { startServer, type RunningServer } from '#server/main';
import { createUser } from '#test/helpers';
import { CHROMIUM_ARGS, ensureWebAppBuilt, screenshot } from './harness';
import { byTestId, signIn } from './chat-steps';

let browser: Browser;
const started: { server: RunningServer; dataDir: string }[] = [];

beforeAll(async () => {
  ensureWebAppBuilt();
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
});
afterAll(async () => {
  await browser?.close();
  for (const { server, dataDir } of started) {
    await server.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});

/** A server (throw-away or not) with one member; returns its address and the member. */
async function hearth(memory: boolean) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-e2e-memory-'));
  const config = loadConfig({
    HEARTH_HOST: '127.0.0.1',
    HEARTH_PORT: '0',
    HEARTH_DATA_DIR: dataDir,
    HEARTH_MODEL_SERVERS: '',
    HEARTH_PROBE_DEFAULT_SERVERS: '0',
    HEARTH_LOG_LEVEL: 'silent',
  });
  const server = await startServer({ ...config, memory }, { quiet: true });
  started.push({ server, dataDir });
  const { user, password } = await createUser(server.app, { username: 'visitor' });
  return { url: server.url, username: user.username, password };
}

it('shows the throw-away banner above the app, and only in throw-away mode', async () => {
  for (const memory of [true, false]) {
    const { url, username, password } = await hearth(memory);
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      const page = await context.newPage();
      await signIn(page, url, username, password);
      const banner = page.locator(byTestId('throwaway-banner'));
      if (memory) {
        await banner.waitFor({ state: 'visible' });
        expect(await banner.textContent()).toContain('nothing here is kept');
        expect(await banner.getAttribute('role')).toBe('status');
        // Across the top, with the chat list and the composer still on screen below it.
        const box = (await banner.boundingBox())!;
        expect(box.y).toBe(0);
        expect(box.width).toBeGreaterThan(1200);
        const list = (await page.locator('#chat-list').boundingBox())!;
        expect(list.y).toBeGreaterThanOrEqual(box.height - 1);
        await page.locator(byTestId('composer-input')).waitFor({ state: 'visible' });
        await screenshot(page, 'throwaway-banner');
      } else {
        // Let the status query settle, then check nothing was drawn.
        await page.waitForLoadState('networkidle');
        expect(await banner.count()).toBe(0);
      }
    } finally {
      await context.close();
    }
  }
}, 120_000);
