/**
 * The first-run guide in Chromium, on a fresh install: the first admin comes from the setup
 * link and finds the guide with nothing done and the add-a-server dialog a click away; LM Studio
 * (the fake, where auto-detection looks) starts answering and one click adds it; a member made
 * from the guide gets a sign-in card (address, username, QR code, never the password) whose
 * link fills the sign-in form; the first reply makes the guide go away.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { loadConfig } from '#server/config';
import { startServer, type RunningServer } from '#server/main';
import { ensureSetupToken } from '#server/auth/setup';
import { startFakeModelServer, type FakeModelServer } from '#test/fakes/fake-model-server';
import { CHROMIUM_ARGS, ensureWebAppBuilt, screenshot } from './harness';
import { PageWatch } from './page-watch';
import { byTestId, sendMessage, waitForStatus } from './chat-steps';
import { expectNoSidewaysScroll } from './admin-steps';
import { describeFindings, failing, runAxe } from './axe-steps';

const ADMIN_PASSWORD = 'first admin password 1';
const MEMBER_PASSWORD = 'grandma’s long password';

let fake: FakeModelServer;
let hearth: RunningServer;
let dataDir: string;
let browser: Browser;
let baseUrl: string;
const contexts: BrowserContext[] = [];
const watches: PageWatch[] = [];
/** The admin's page, carried through the steps in order. */
let page: Page;

async function newPage(): Promise<Page> {
  // bypassCSP: axe is put on the page as a script tag (the app's CSP forbids inline scripts).
  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    serviceWorkers: 'block',
    bypassCSP: true,
  });
  context.setDefaultTimeout(10_000);
  contexts.push(context);
  const p = await context.newPage();
  watches.push(new PageWatch(p, baseUrl));
  return p;
}

const step = (id: string) => page.locator(byTestId(`first-run-step-${id}`));

/** No serious or critical axe finding inside `scope`, in the light and the dark theme. */
async function expectAccessible(name: string, scope: string): Promise<void> {
  for (const scheme of ['dark', 'light'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await expect.poll(() => page.evaluate(() => document.documentElement.getAttribute('data-theme'))).toBe(scheme);
    // Colours change with a transition: axe must see where they end, not the middle of it.
    await page.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished.catch(() => undefined))));
    expect(describeFindings(`${name}, ${scheme}`, failing(await runAxe(page, scope)))).toEqual([]);
  }
}

beforeAll(async () => {
  ensureWebAppBuilt();
  fake = await startFakeModelServer();
  // Nothing answers at first: the model server is not started yet.
  fake.setListing({ status: 503 });
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-e2e-first-run-'));
  hearth = await startServer(
    loadConfig({
      HEARTH_HOST: '127.0.0.1',
      HEARTH_PORT: '0',
      HEARTH_DATA_DIR: dataDir,
      // A fresh install: no model server configured; auto-detection looks where the fake listens.
      HEARTH_PROBE_DEFAULT_SERVERS: '1',
      HEARTH_PROBE_SERVERS: `openai=${fake.openaiBaseUrl}`,
      HEARTH_MODELS_CACHE_SECONDS: '0',
      HEARTH_GENERATED_TITLES: '0',
      HEARTH_LOG_LEVEL: 'silent',
    }),
    { quiet: true },
  );
  baseUrl = hearth.url;
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
});
afterAll(async () => {
  const problems = watches.flatMap((w) => w.problems());
  await Promise.all(contexts.map((c) => c.close().catch(() => undefined)));
  await browser?.close().catch(() => undefined);
  await hearth?.close();
  await fake?.close();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  expect(problems).toEqual([]);
});

describe('the first-run guide', () => {
  it('greets the first admin of a fresh install with nothing done, and the add dialog a click away', async () => {
    // The link main.ts prints at first start (a second call makes a fresh one, as a restart would).
    const token = await ensureSetupToken(hearth.app.ctx);
    expect(token).toBeTruthy();
    page = await newPage();
    await page.goto(`${baseUrl}/setup?token=${token}`);
    await page.locator(byTestId('setup-username')).fill('pat');
    await page.locator(byTestId('setup-displayName')).fill('Pat');
    await page.locator(byTestId('setup-password')).fill(ADMIN_PASSWORD);
    await page.locator(byTestId('setup-confirm')).fill(ADMIN_PASSWORD);
    await page.locator(byTestId('setup-submit')).click();

    await page.locator(byTestId('first-run')).waitFor();
    await expect.poll(() => step('models').getAttribute('data-done')).toBe('false');
    expect(await step('family').getAttribute('data-done')).toBe('false');
    expect(await step('message').getAttribute('data-done')).toBe('false');
    await page.locator(byTestId('first-run-nothing-found')).waitFor();
    await screenshot(page, 'first-run-fresh');
    await expectAccessible('the guide', byTestId('first-run'));

    // The model picker's empty state says where it gets fixed.
    await page.locator(byTestId('model-picker')).click();
    await page.locator('.model-menu .no-models-fix').waitFor();
    await page.keyboard.press('Escape');

    // By hand: the admin console's dialog, with its presets and its Test button.
    await page.locator(byTestId('first-run-open-add')).click();
    const dialog = page.locator(byTestId('connection-dialog'));
    await dialog.waitFor();
    await dialog.locator(byTestId('connection-preset-lmstudio')).waitFor();
    await dialog.locator(byTestId('connection-preset-ollama')).waitFor();
    await dialog.locator(byTestId('connection-url')).fill(`${fake.openaiBaseUrl}`);
    await dialog.locator(byTestId('connection-dialog-test')).click();
    // Not started yet: the test says so, in the dialog.
    await expect.poll(() => dialog.locator(byTestId('connection-dialog-test-result')).innerText()).toMatch(/\S/);
    await dialog.locator(byTestId('connection-dialog-cancel')).click();
    await dialog.waitFor({ state: 'hidden' });

    // "Add a model server" links elsewhere open the same dialog in the admin console.
    await page.goto(`${baseUrl}/admin/servers?add=1`);
    await dialog.waitFor();
    await dialog.locator(byTestId('connection-dialog-cancel')).click();
    expect(new URL(page.url()).search).toBe('');
    await page.goto(baseUrl);
    await page.locator(byTestId('first-run')).waitFor();
  });

  it('offers the model server as soon as it answers, and adds it with one click', async () => {
    fake.setListing({});
    // The guide looks again by itself every few seconds; a reload is quicker here.
    await expect
      .poll(
        async () => {
          await page.reload();
          await page.locator(byTestId('first-run')).waitFor();
          return page.locator(byTestId('first-run-detected-server')).count();
        },
        { timeout: 20_000, interval: 500 },
      )
      .toBe(1);
    expect(await page.locator(byTestId('first-run-detected-server')).innerText()).toContain('2 models');
    await page.locator(byTestId('first-run-add-detected')).click();

    await expect.poll(() => step('models').getAttribute('data-done')).toBe('true');
    expect(await step('models').innerText()).toContain('connected with 2 models');
    await expectAccessible('the guide with a step done', byTestId('first-run'));
    // The composer can send now; the next step says what to do.
    await expect.poll(() => step('message').innerText()).toContain('Type anything');

    // On a phone the checklist fits the screen.
    await page.setViewportSize({ width: 390, height: 844 });
    await expectNoSidewaysScroll(page);
    const guide = await page.locator(byTestId('first-run')).boundingBox();
    expect(guide!.x + guide!.width).toBeLessThanOrEqual(390);
    await screenshot(page, 'first-run-phone', { fullPage: true });
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('makes a member and their sign-in card: address, username and QR code, never the password', async () => {
    await page.locator(byTestId('first-run-add-member')).click();
    const create = page.locator(byTestId('create-user-dialog'));
    await create.waitFor();
    await create.locator(byTestId('new-user-username')).fill('grandma');
    await create.locator(byTestId('new-user-display-name')).fill('Grandma Rose');
    await create.locator(byTestId('new-user-password')).fill(MEMBER_PASSWORD);
    await create.locator(byTestId('create-user-dialog-submit')).click();

    // The card opens for the new member at once.
    const dialog = page.locator(byTestId('signin-card-dialog'));
    await dialog.waitFor();
    const card = dialog.locator(byTestId('signin-card'));
    await card.locator(byTestId('signin-card-qr')).waitFor();
    expect(await card.locator(byTestId('signin-card-username')).innerText()).toBe('grandma');
    expect(await card.locator(byTestId('signin-card-address')).innerText()).toBe(baseUrl);
    const qr = card.locator(byTestId('signin-card-qr'));
    expect(await qr.evaluate((el) => el.tagName.toLowerCase())).toBe('svg');
    expect(await qr.getAttribute('aria-label')).toContain(`${baseUrl}/?username=grandma`);
    expect((await qr.locator('path').getAttribute('d'))?.length).toBeGreaterThan(500);
    // No password anywhere: not on the card, not in the dialog, not in the copy made for paper.
    const html = await page.evaluate(() => document.documentElement.outerHTML);
    expect(html).not.toContain(MEMBER_PASSWORD);
    expect(await dialog.innerText()).toContain('It is not on this card');
    await screenshot(page, 'first-run-card');
    await expectAccessible('the sign-in card', 'dialog[open]');

    // On paper: the card alone.
    await page.emulateMedia({ media: 'print' });
    const printed = await page.evaluate(() => {
      const sheet = document.querySelector('.print-sheet');
      const root = document.getElementById('root');
      return {
        sheet: sheet ? getComputedStyle(sheet).display : null,
        root: root ? getComputedStyle(root).display : null,
        text: sheet instanceof HTMLElement ? sheet.innerText : '',
      };
    });
    await page.emulateMedia({ media: 'screen' });
    expect(printed).toMatchObject({ sheet: 'block', root: 'none' });
    expect(printed.text).toContain('grandma');
    expect(printed.text).toContain(baseUrl);

    await dialog.locator(byTestId('signin-card-dialog-cancel')).click();
    await expect.poll(() => step('family').getAttribute('data-done')).toBe('true');
    await page.locator(`${byTestId('first-run-member')}[data-username="grandma"]`).waitFor();

    // The admin console's list has the same card for each person.
    await page.goto(`${baseUrl}/admin/users`);
    await page.locator(`${byTestId('admin-user-row')}[data-username="grandma"] ${byTestId('admin-user-card')}`).click();
    await dialog.waitFor();
    expect(await dialog.locator(byTestId('signin-card-username')).innerText()).toBe('grandma');
    await dialog.locator(byTestId('signin-card-dialog-cancel')).click();
    await page.goto(baseUrl);
    await page.locator(byTestId('first-run')).waitFor();
  });

  it("the card's link fills in the username on the sign-in form", async () => {
    const phone = await newPage();
    await phone.goto(`${baseUrl}/?username=grandma`);
    const username = phone.locator(byTestId('login-username'));
    await expect.poll(() => username.inputValue()).toBe('grandma');
    // The password is what is left to type: the cursor is already there.
    await expect
      .poll(() => phone.evaluate(() => document.activeElement?.getAttribute('data-testid')))
      .toBe('login-password');
    await phone.locator(byTestId('login-password')).fill(MEMBER_PASSWORD);
    await phone.locator(byTestId('login-submit')).click();
    await phone.locator(byTestId('composer-input')).waitFor();
    // A member never sees the admin's guide.
    await phone.locator(byTestId('welcome')).waitFor();
    expect(await phone.locator(byTestId('first-run')).count()).toBe(0);
  });

  it('goes away once the admin has had a first reply', async () => {
    await sendMessage(page, 'Hello, Hearth');
    await waitForStatus(page, 0, 'complete');
    // Back on the empty new chat, the guide asks the server again, which says it is done.
    const asked = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/admin/first-run');
    await page.locator(byTestId('new-chat')).click();
    expect(await (await asked).json()).toMatchObject({
      show: false,
      steps: { models: true, family: true, firstMessage: true },
    });
    await page.locator(byTestId('welcome')).waitFor();
    await expect.poll(() => page.locator(byTestId('first-run')).count()).toBe(0);
    await screenshot(page, 'first-run-done');
  });
});
