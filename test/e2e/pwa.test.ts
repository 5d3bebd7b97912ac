/**
 * Hearth as an installed app (issue 15): a real web app manifest with its icons, a service
 * worker that Chromium accepts (its own installability check, over the DevTools protocol), and
 * the app shell opening with Hearth's own "can't reach" page when the server is unreachable.
 * 127.0.0.1 is a secure context, as HTTPS is, so the service worker runs here.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, startE2E, type E2E } from './harness';
import { signIn } from './chat-steps';

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

type Manifest = {
  name: string;
  start_url: string;
  display: string;
  icons: { src: string; sizes: string; type: string; purpose?: string }[];
};

/** A context that lets service workers run (the harness blocks them by default). */
const withServiceWorkers = () => e2e.newContext({ serviceWorkers: 'allow' });

/** Waits until a service worker controls the page (registered after load, then claimed). */
async function controlled(page: Page): Promise<void> {
  await page.waitForFunction(() => navigator.serviceWorker?.controller !== null, undefined, { timeout: 20_000 });
}

describe('the web app manifest', () => {
  it('is served as a manifest (not the app page) and names icons that exist at their sizes', async () => {
    const res = await fetch(`${e2e.baseUrl}/manifest.webmanifest`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/application\/manifest\+json/);
    const manifest = (await res.json()) as Manifest;
    expect(manifest.name).toBe('Hearth');
    expect(manifest.display).toBe('standalone');
    expect(manifest.start_url).toBe('/');
    const pngs = manifest.icons.filter((i) => i.type === 'image/png');
    expect(pngs.map((i) => i.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']));
    expect(manifest.icons.some((i) => i.purpose === 'maskable')).toBe(true);

    const page = await e2e.newPage();
    await page.goto(`${e2e.baseUrl}/login`);
    for (const icon of pngs) {
      const size = await page.evaluate(async (src) => {
        const img = new Image();
        img.src = src;
        await img.decode();
        return `${img.naturalWidth}x${img.naturalHeight}`;
      }, icon.src);
      expect(size).toBe(icon.sizes);
    }
  });
});

describe('installing and opening offline', () => {
  let context: BrowserContext;

  it('Chromium finds nothing that stops installing Hearth', async () => {
    // A browser profile on disk: Chromium never offers to install from an incognito context,
    // which is what an ordinary test context is.
    const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-pwa-profile-'));
    const persistent = await chromium.launchPersistentContext(profile, {
      executablePath: '/usr/bin/chromium',
      args: CHROMIUM_ARGS,
      serviceWorkers: 'allow',
    });
    try {
      const page = await persistent.newPage();
      await page.goto(`${e2e.baseUrl}/login`);
      await controlled(page);
      const cdp = await persistent.newCDPSession(page);
      const manifest = (await cdp.send('Page.getAppManifest')) as { url: string; errors: unknown[] };
      expect(manifest.url).toBe(`${e2e.baseUrl}/manifest.webmanifest`);
      expect(manifest.errors).toEqual([]);
      const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as {
        installabilityErrors: { errorId: string }[];
      };
      expect(installabilityErrors.map((e) => e.errorId)).toEqual([]);
    } finally {
      await persistent.close();
      fs.rmSync(profile, { recursive: true, force: true });
    }
  });

  it('when the server can’t be reached, the app opens and says so instead of a browser error', async () => {
    context = await withServiceWorkers();
    const page = await e2e.newPage(context);
    await signIn(page, e2e.baseUrl, e2e.username, e2e.password);
    await controlled(page);
    // Offline, every request the app makes fails, and Chromium logs each one.
    e2e.watch(page).allowConsoleError(/ERR_INTERNET_DISCONNECTED|Failed to load resource|WebSocket/);

    await context.setOffline(true);
    await page.reload();
    const alert = page.getByRole('alert');
    await expect.poll(() => alert.textContent(), { timeout: 15_000 }).toMatch(/Hearth isn’t answering/);
    await expect.poll(() => alert.textContent()).toMatch(/Could not reach the Hearth server/);
    // The page is Hearth's (its stylesheet and title), not Chromium's "No internet" page.
    expect(await page.title()).toBe('Hearth');

    await context.setOffline(false);
    await page.getByRole('button', { name: 'Try again' }).click();
    await page.locator('[data-testid="composer-input"]').waitFor({ state: 'visible' });
  });

  it('the API is never answered from the cache', async () => {
    context = await withServiceWorkers();
    const page = await e2e.newPage(context);
    await signIn(page, e2e.baseUrl, e2e.username, e2e.password);
    await controlled(page);
    const fromWorker = await page.evaluate(async () => {
      const res = await fetch('/api/auth/me');
      const cache = await caches.open((await caches.keys())[0]!);
      const cached = await cache.keys();
      return { ok: res.ok, cachedApi: cached.filter((r) => new URL(r.url).pathname.startsWith('/api/')).length };
    });
    expect(fromWorker).toEqual({ ok: true, cachedApi: 0 });
  });
});
