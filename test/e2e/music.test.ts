/**
 * The Music library in a real browser: a member granted the Music task asks it a question, sees
 * the answer, opens "How I found this" and sees the SQL and the rows as a table (sorted by a
 * click, copyable as CSV); a member without the grant is not offered the task.
 *
 * The catalogue is Chinook, imported as the admin console's import would. The member's Music
 * conversation is made for them and opened by its address: choosing a task in the chat screen
 * is the task picker's job, tested with it.
 */
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { setAllowLists } from '#server/accounts/permissions';
import { findUserByUsername } from '#server/accounts/service';
import { createConversation } from '#server/conversations/service';
import type { RecordedRequest } from '#test/fakes/fake-model-server';
import { createUser } from '#test/helpers';
import { screenshot, startE2E, type E2E } from './harness';
import { assistantMessages, byTestId, sendMessage, signIn, waitForStatus } from './chat-steps';

const CHINOOK = path.join(import.meta.dirname, '..', 'fixtures', 'music', 'chinook.sqlite');
const QUESTION = 'Which artists have the most albums?';
const SQL =
  'SELECT artists.name, count(*) AS albums FROM albums JOIN artists ON artists.id = albums.artist_id ' +
  'GROUP BY artists.id ORDER BY albums DESC, artists.name LIMIT 5';

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
  e2e.hearth.app.ctx.music.importChinook(CHINOOK);
  // The model: one catalogue query, then an answer from the rows it was given.
  e2e.fake.setScript((request: RecordedRequest) => {
    const turns = (request.body?.messages ?? []) as { role: string; content: string }[];
    const last = turns.at(-1)!;
    if (last.role === 'tool') {
      const rows = (JSON.parse(last.content) as { rows: [string, number][] }).rows;
      return { reply: `**${rows[0]![0]}** has the most albums: ${rows[0]![1]}.` };
    }
    return { toolCalls: [{ name: 'query_music_library', arguments: { sql: SQL } }] };
  });
}, 180_000);
afterEach(async () => {
  await e2e.closeContexts();
});
afterAll(async () => {
  await e2e?.close();
});

/** A member of their own, signed in on a page. */
async function member(taskIds: string[] | null, withMusicConversation: boolean): Promise<Page> {
  const { username, password } = await e2e.newUser();
  const { ctx } = e2e.hearth.app;
  const account = (await findUserByUsername(ctx, username))!;
  if (taskIds) await setAllowLists(ctx, account.id, { taskIds });
  const conversation = withMusicConversation ? await createConversation(ctx, account, { taskId: 'music' }) : null;
  const page = await e2e.newPage();
  await signIn(page, e2e.baseUrl, username, password);
  if (conversation) {
    await page.goto(`${e2e.baseUrl}/c/${conversation.id}`);
    await page.locator(byTestId('composer-input')).waitFor({ state: 'visible' });
  }
  return page;
}

describe('the Music library in the browser', () => {
  it('answers from the catalogue and shows how it found it', async () => {
    const page = await member(null, true);
    await sendMessage(page, QUESTION);
    const reply = await waitForStatus(page, 0, 'complete');
    await expect.poll(() => reply.innerText()).toContain('Iron Maiden has the most albums: 21.');

    const how = reply.locator(byTestId('how-i-found-this'));
    await how.getByRole('button', { name: 'How I found this' }).click();
    await expect.poll(() => how.locator('.lookup-sql').innerText()).toBe(SQL);
    const table = how.locator(byTestId('lookup-table'));
    await expect.poll(() => table.locator('thead th').allInnerTexts()).toEqual(['name', 'albums']);
    expect(await table.locator('tbody tr').count()).toBe(5);
    expect(await table.locator('tbody tr').first().innerText()).toMatch(/^Iron Maiden\s+21$/);
    await screenshot(page, 'music-how-i-found-this');

    // Sorting by a column: ascending on the first click.
    await table.getByRole('button', { name: 'albums' }).click();
    await expect.poll(() => table.locator('th').nth(1).getAttribute('aria-sort')).toBe('ascending');
    const counts = (await table.locator('tbody tr td:nth-child(2)').allInnerTexts()).map(Number);
    expect(counts).toEqual([...counts].sort((a, b) => a - b));
    expect(await how.getByRole('button', { name: 'Copy as CSV' }).count()).toBe(1);
    expect(await assistantMessages(page).count()).toBe(1);
  });

  it("shows the catalogue in the admin console's Music library tab", async () => {
    const admin = await createUser(e2e.hearth.app, { username: 'musicadmin', role: 'admin' });
    const page = await e2e.newPage();
    await signIn(page, e2e.baseUrl, admin.user.username, admin.password);
    await page.goto(`${e2e.baseUrl}/admin/music`);
    await expect.poll(() => page.locator(byTestId('music-stats')).innerText()).toMatch(/^3503 tracks · 347 albums/);
    // This server allows no folders (no HEARTH_MUSIC_DIRS): the tab says so instead of a scan button.
    expect(await page.getByText('Scanning from here is off').count()).toBe(1);
    expect(await page.locator(byTestId('music-import')).count()).toBe(1);
    await screenshot(page, 'music-admin');
  });

  it('does not offer the Music task to a member without the grant', async () => {
    const page = await member(['general'], false);
    const tasks = await page.evaluate(async () => {
      const res = await fetch('/api/tasks');
      return ((await res.json()) as { items: { id: string }[] }).items.map((t) => t.id);
    });
    expect(tasks).toEqual(['general']);
    e2e.watch(page).allowConsoleError(/status of 403/);
    const stats = await page.evaluate(async () => (await fetch('/api/music/stats')).status);
    expect(stats).toBe(403);
    // Wherever the app lists tasks, the Music library is not among them.
    expect(await page.getByText('Music library', { exact: false }).count()).toBe(0);
  });
});
