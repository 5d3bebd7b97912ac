/**
 * Issue 4's portability in a real browser: export a chat from its menu as Markdown and as JSON
 * (downloads), import a ChatGPT `conversations.json` from the list (its edits and regenerated
 * replies become `‹ 1 / 2 ›` versions, on the branch the user last saw), refuse a bad file with
 * a clear message and nothing imported, and download all my data from Settings as one zip.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Download, Page } from 'playwright-core';
import { createUser, login } from '#test/helpers';
import { screenshot, startE2E, type E2E } from './harness';
import { byTestId, signIn } from './chat-steps';
import { seedLongConversation } from './long-chat';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/exports');
const PASSWORD = 'correct horse battery staple';

let e2e: E2E;
let users = 0;

beforeAll(async () => {
  e2e = await startE2E();
});
afterEach(async () => {
  await e2e.closeContexts();
});
afterAll(async () => {
  await e2e?.close();
});

/** A fresh user, signed in in the browser; `chats` seeded conversations of 4 messages. */
async function signedInWith(chats: string[]): Promise<{ page: Page; ids: string[] }> {
  const username = `porter${++users}`;
  await createUser(e2e.hearth.app, { username, password: PASSWORD });
  const session = await login(e2e.hearth.app, username, PASSWORD);
  const ids: string[] = [];
  for (const title of chats) ids.push((await seedLongConversation(e2e.hearth.app, session, 4, title)).conversationId);
  const page = await e2e.newPage();
  await signIn(page, e2e.baseUrl, username, PASSWORD);
  return { page, ids };
}

async function downloadText(download: Download): Promise<string> {
  const file = await download.path();
  return fs.readFileSync(file, 'utf8');
}

const items = (page: Page) => page.locator(byTestId('conversation-item'));

describe('export', () => {
  it('downloads a chat as Markdown and as JSON from its menu', async () => {
    const { page, ids } = await signedInWith(['Garden plans for “spring”']);
    const row = page.locator(`li:has([data-conversation-id="${ids[0]}"])`);
    await row.waitFor();

    await row.locator(byTestId('conversation-menu')).click();
    const [markdown] = await Promise.all([
      page.waitForEvent('download'),
      row.locator(byTestId('conversation-export-markdown')).click(),
    ]);
    expect(markdown.suggestedFilename()).toMatch(/\.md$/);
    const md = await downloadText(markdown);
    expect(md).toContain('Garden plans for “spring”');
    expect(md.split('\n')[0]).toMatch(/^# /);

    await row.locator(byTestId('conversation-menu')).click();
    const [json] = await Promise.all([
      page.waitForEvent('download'),
      row.locator(byTestId('conversation-export-json')).click(),
    ]);
    expect(json.suggestedFilename()).toMatch(/\.json$/);
    const data = JSON.parse(await downloadText(json)) as {
      format: string;
      conversation: { title: string };
      messages: unknown[];
    };
    expect(data.format).toBe('hearth.conversation');
    expect(data.conversation.title).toBe('Garden plans for “spring”');
    expect(data.messages).toHaveLength(4);
  });

  it('downloads all my data from Settings as one zip', async () => {
    const { page } = await signedInWith(['First chat', 'Second chat']);
    await page.goto(`${e2e.baseUrl}/settings/data`);
    const link = page.locator(byTestId('download-my-data'));
    await link.waitFor();
    await screenshot(page, 'settings-your-data');
    const [archive] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(archive.suggestedFilename()).toMatch(/\.zip$/);
    const bytes = fs.readFileSync(await archive.path());
    expect(bytes.subarray(0, 4).toString('latin1')).toBe('PK\u0003\u0004');
    // Both chats are inside, by name (zip entry names are stored as plain text).
    expect(bytes.includes(Buffer.from('account.json'))).toBe(true);
    expect(bytes.includes(Buffer.from('.md'))).toBe(true);
  });
});

describe('import', () => {
  it('imports a ChatGPT export with its branches, on the branch last seen', async () => {
    const { page } = await signedInWith(['Already here']);
    await expect.poll(() => items(page).count()).toBe(1);

    await page.locator(byTestId('import-file')).setInputFiles(path.join(FIXTURES, 'chatgpt-export.branches.json'));
    const status = page.locator(byTestId('import-status'));
    await expect.poll(() => status.innerText().catch(() => '')).toContain('Imported one chat');
    await expect.poll(() => items(page).count()).toBe(2);

    await status.locator('a').click();
    const joke = page.locator(byTestId('message-assistant')).last();
    await expect.poll(() => joke.innerText().catch(() => '')).toContain('scientists');
    // The reply on screen is the second of two versions; the edited "hi again" is 2 / 2 as well.
    const versionLabels = page.locator(byTestId('version-label'));
    await expect.poll(() => versionLabels.allInnerTexts()).toEqual(['2 / 2', '2 / 2']);
    expect(await page.locator(byTestId('message-user')).allInnerTexts()).toEqual(
      expect.arrayContaining([expect.stringContaining('hi again'), expect.stringContaining('tell me a joke')]),
    );
    await screenshot(page, 'imported-chatgpt-branches');

    // The first version of the edited message leads to the other story.
    await page.locator(byTestId('version-prev')).first().click();
    await expect
      .poll(() => page.locator(byTestId('message-user')).allInnerTexts())
      .toEqual(expect.arrayContaining([expect.stringContaining('so cool bro')]));
  });

  it('refuses a bad file with a clear message and imports nothing', async () => {
    const { page } = await signedInWith(['Only chat']);
    await expect.poll(() => items(page).count()).toBe(1);
    e2e.watch(page).allowConsoleError(/status of 400/);

    await page.locator(byTestId('import-file')).setInputFiles({
      name: 'not-an-export.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify({ hello: 'world', items: [1, 2, 3] })),
    });
    const error = page.locator(byTestId('import-error'));
    await error.waitFor();
    expect(await error.innerText()).toMatch(/Nothing was imported from “not-an-export\.json”\./);
    await screenshot(page, 'import-refused');

    // Deeply nested JSON: refused the same way, and the app keeps working.
    await page.locator(byTestId('import-file')).setInputFiles({
      name: 'deep.json',
      mimeType: 'application/json',
      buffer: Buffer.from('['.repeat(50_000) + ']'.repeat(50_000)),
    });
    await expect.poll(() => error.innerText()).toContain('deep.json');
    expect(await items(page).count()).toBe(1);
  });
});
