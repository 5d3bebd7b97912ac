/**
 * Issue 4 in a real browser: regenerate a reply and switch between its versions with ‹ 2 / 2 ›,
 * edit a sent message and get a new reply (the earlier version kept), and a long conversation
 * that opens at its newest message, loads older pages on scroll-up without jumping, and opens
 * at an old message from a link.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createUser, login } from '#test/helpers';
import { screenshot, startE2E, type E2E } from './harness';
import { assistantMessages, byTestId, sendMessage, signIn, waitForStatus } from './chat-steps';
import { seedLongConversation } from './long-chat';

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

let users = 0;

/**
 * A fresh user (so no earlier conversation reopens after sign-in) and a page signed in as them.
 * Returns the page and the user's API session for seeding.
 */
async function freshUser() {
  const username = `branches${++users}`;
  const { password } = await createUser(e2e.hearth.app, { username, password: 'correct horse battery staple' });
  return { username, password, session: await login(e2e.hearth.app, username, password) };
}

async function signedInPage(user?: { username: string; password: string }): Promise<Page> {
  const { username, password } = user ?? (await freshUser());
  const page = await e2e.newPage();
  await signIn(page, e2e.baseUrl, username, password);
  return page;
}

/** The rendered answer text of the assistant message at `index`. */
const replyText = (page: Page, index: number) => assistantMessages(page).nth(index).locator('.markdown').innerText();

/** The user turns of the chat request the fake received for `prompt`. */
async function userTurns(prompt: string): Promise<string[]> {
  const request = await e2e.chatRequestFor(prompt);
  return (request.body?.messages as { role: string; content: string }[])
    .filter((m) => m.role === 'user')
    .map((m) => m.content);
}

describe('versions of a message', () => {
  it('regenerates the last reply, shows ‹ 2 / 2 ›, and switching shows the earlier reply', async () => {
    const prompt = 'Suggest a name for the cat';
    e2e.script(prompt, { reply: 'How about Biscuit?', tokenIntervalMs: 10 });
    const page = await signedInPage();
    await sendMessage(page, prompt);
    await waitForStatus(page, 0, 'complete');
    expect(await replyText(page, 0)).toContain('Biscuit');
    expect(await page.locator(byTestId('versions')).count()).toBe(0);

    // Slow enough that a loaded machine still sees it streaming.
    e2e.script(prompt, { reply: 'Maybe Pepper, or Miso.', tokenIntervalMs: 150 });
    await assistantMessages(page).nth(0).hover();
    await page.locator(byTestId('regenerate')).click();
    // The new version streams live into the place of the old one.
    await waitForStatus(page, 0, 'streaming');
    await waitForStatus(page, 0, 'complete');
    expect(await replyText(page, 0)).toContain('Pepper');
    const reply = assistantMessages(page).nth(0);
    await expect.poll(() => reply.locator(byTestId('version-label')).innerText()).toBe('2 / 2');
    await screenshot(page, 'branches-regenerated');

    await reply.locator(byTestId('version-prev')).click();
    await expect.poll(() => replyText(page, 0)).toContain('Biscuit');
    expect(await reply.locator(byTestId('version-label')).innerText()).toBe('1 / 2');
    expect(await reply.locator(byTestId('version-prev')).isDisabled()).toBe(true);

    // The choice is the server's too: a reload shows the earlier reply.
    await page.reload();
    await expect.poll(() => replyText(page, 0)).toContain('Biscuit');
    await reply.locator(byTestId('version-next')).click();
    await expect.poll(() => replyText(page, 0)).toContain('Pepper');
    expect(await userTurns(prompt)).toEqual([prompt]);
  });

  it('edits a sent message inline and gets a new reply; the earlier exchange stays a version away', async () => {
    const first = 'What should we cook on Sunday?';
    const edited = 'What should we cook on Saturday?';
    e2e.script(first, { reply: 'A Sunday roast.' });
    e2e.script(edited, { reply: 'Homemade pizza for Saturday.', tokenIntervalMs: 20 });
    const page = await signedInPage();
    await sendMessage(page, first);
    await waitForStatus(page, 0, 'complete');
    const followUp = 'And for dessert?';
    e2e.script(followUp, { reply: 'Apple crumble.' });
    await sendMessage(page, followUp);
    await waitForStatus(page, 1, 'complete');

    const question = page.locator(byTestId('message-user')).first();
    await question.hover();
    await question.locator(byTestId('edit-message')).click();
    const input = page.locator(byTestId('edit-input'));
    expect(await input.inputValue()).toBe(first);
    // Cancel keeps the message as it was.
    await page.locator(byTestId('edit-cancel')).click();
    expect(await page.locator(byTestId('edit-box')).count()).toBe(0);

    await question.hover();
    await question.locator(byTestId('edit-message')).click();
    await input.fill(edited);
    await page.locator(byTestId('edit-save')).click();
    await expect.poll(() => page.locator(byTestId('message-user')).first().innerText()).toContain(edited);
    await waitForStatus(page, 0, 'complete');
    expect(await replyText(page, 0)).toContain('Homemade pizza');
    // The follow-up belonged to the earlier version: not on screen now.
    expect(await page.locator(byTestId('message-user')).count()).toBe(1);
    expect(await question.locator(byTestId('version-label')).innerText()).toBe('2 / 2');
    expect(await userTurns(edited)).toEqual([edited]);

    await question.locator(byTestId('version-prev')).click();
    await expect.poll(() => page.locator(byTestId('message-user')).count()).toBe(2);
    expect(await page.locator(byTestId('message-user')).first().innerText()).toContain(first);
    expect(await replyText(page, 1)).toContain('Apple crumble');
  });
});

describe('a long conversation', () => {
  const COUNT = 200;
  let conversationId: string;
  let ids: string[];
  let owner: Awaited<ReturnType<typeof freshUser>>;

  beforeAll(async () => {
    owner = await freshUser();
    const seeded = await seedLongConversation(e2e.hearth.app, owner.session, COUNT);
    conversationId = seeded.conversationId;
    ids = seeded.messages.map((m) => m.id);
  });

  /** The messages in the DOM right now (the virtualised list renders only some). */
  const rendered = (page: Page) =>
    page.evaluate(() =>
      [...document.querySelectorAll('[data-message-id]')].map((e) => e.getAttribute('data-message-id')!),
    );

  it('opens at the newest message, renders only a window of it, and loads older pages on scroll-up without jumping', async () => {
    const page = await signedInPage(owner);
    const requests = e2e.watch(page).requests;
    await page.goto(`${e2e.baseUrl}/c/${conversationId}`);
    const last = page.locator(`[data-message-id="${ids.at(-1)}"]`);
    await last.waitFor();
    await expect.poll(async () => (await last.boundingBox())?.y ?? -1).toBeGreaterThan(0);
    // Only a window of the page is in the DOM.
    expect((await rendered(page)).length).toBeLessThan(40);
    const firstLoad = requests.filter((u) => u.includes(`/api/conversations/${conversationId}`));
    expect(firstLoad.some((u) => u.includes('limit=50') && !u.includes('before='))).toBe(true);
    expect(await page.locator(byTestId('jump-to-latest')).count()).toBe(0);

    const scroller = page.locator(byTestId('message-scroller'));
    const pagesLoaded = () => requests.filter((u) => u.includes('before=')).length;
    // Scroll up less than a screenful at a time, in the page, to the very first message. At
    // every step the message in the middle of the screen must move down by exactly the distance
    // scrolled, also when an older page was prepended meanwhile (no jump).
    const walk = await scroller.evaluate(
      async (el, { step, firstId }) => {
        const settle = async () => {
          await new Promise((r) => setTimeout(r, 40));
          await new Promise((r) => requestAnimationFrame(r));
          await new Promise((r) => requestAnimationFrame(r));
        };
        const drifts: { step: number; id: string; drift: number }[] = [];
        for (let i = 0; i < 500; i++) {
          const box = el.getBoundingClientRect();
          const middle = box.top + box.height / 2;
          const rows = [...el.querySelectorAll<HTMLElement>('[data-message-id]')];
          const anchor = rows.find((r) => r.getBoundingClientRect().bottom > middle) ?? rows[0]!;
          const id = anchor.dataset.messageId!;
          const top = anchor.getBoundingClientRect().top;
          const scrollTop = el.scrollTop;
          if (scrollTop === 0 && el.querySelector(`[data-message-id="${firstId}"]`)) return { steps: i, drifts };
          el.scrollBy(0, -step);
          // A user's scroll (wheel, touch) reaches the page with its scroll event in the same
          // frame; a script's scrollBy gets its event only next frame, and a page arriving in
          // between would see a stale position. Send the event now, as a user's scroll would.
          el.dispatchEvent(new Event('scroll'));
          await settle();
          const node = el.querySelector(`[data-message-id="${id}"]`);
          if (!node) continue; // scrolled out of the rendered window (a long answer)
          drifts.push({ step: i, id, drift: node.getBoundingClientRect().top - (top + Math.min(step, scrollTop)) });
        }
        return { steps: -1, drifts };
      },
      { step: 600, firstId: ids[0]! },
    );
    expect(walk.steps, 'reached the first message').toBeGreaterThan(0);
    expect(walk.drifts.length).toBeGreaterThan(walk.steps * 0.8);
    const worst = walk.drifts.reduce((a, b) => (Math.abs(b.drift) > Math.abs(a.drift) ? b : a));
    expect(Math.abs(worst.drift), `worst jump: ${JSON.stringify(worst)}`).toBeLessThan(40);
    await page.locator(`[data-message-id="${ids[0]}"]`).waitFor();
    expect(await page.locator(`[data-message-id="${ids[0]}"]`).innerText()).toContain('#1 ');
    expect(pagesLoaded()).toBeGreaterThanOrEqual(Math.ceil((COUNT - 50) / 50));
    expect((await rendered(page)).length).toBeLessThan(40);
    await page.locator(byTestId('jump-to-latest')).waitFor();
    await screenshot(page, 'branches-long-top');

    await page.locator(byTestId('jump-to-latest')).click();
    await expect.poll(async () => (await rendered(page)).includes(ids.at(-1)!), { timeout: 5000 }).toBe(true);
    await expect.poll(() => page.locator(byTestId('jump-to-latest')).count(), { timeout: 5000 }).toBe(0);
  });

  it('opens at an old message from a link, paging back to it and highlighting it', async () => {
    const target = ids[21]!; // message 22: several pages back
    const page = await signedInPage(owner);
    await page.goto(`${e2e.baseUrl}/c/${conversationId}?m=${target}`);
    const message = page.locator(`[data-message-id="${target}"]`);
    await message.waitFor();
    await expect
      .poll(async () => {
        const box = await message.boundingBox();
        return box !== null && box.y > 0 && box.y < 800;
      })
      .toBe(true);
    expect(await message.innerText()).toContain('Answer 22.');
    expect(await page.locator('.msg-row.is-target').count()).toBe(1);
  });
  it('follows a streaming reply at the bottom, and stops following once the user scrolls up', async () => {
    const prompt = 'Tell me a long story about the garden';
    const story = Array.from({ length: 260 }, (_, i) => (i % 40 === 39 ? `word${i}.\n\n` : `word${i}`)).join(' ');
    e2e.script(prompt, { reply: story, tokenIntervalMs: 25 });
    const page = await signedInPage(owner);
    await page.goto(`${e2e.baseUrl}/c/${conversationId}`);
    await page.locator(`[data-message-id="${ids.at(-1)}"]`).waitFor();
    const scroller = page.locator(byTestId('message-scroller'));
    const fromEnd = () => scroller.evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight);

    await sendMessage(page, prompt);
    // Long enough to have pushed the start of the reply off screen: still pinned to the end.
    await page.waitForFunction(
      () => (document.querySelector('[data-status="streaming"] .markdown')?.textContent?.length ?? 0) > 700,
      undefined,
      { timeout: 15_000, polling: 50 },
    );
    expect(await fromEnd()).toBeLessThan(60);
    expect(await page.locator(byTestId('jump-to-latest')).count()).toBe(0);

    // The user scrolls up: the reply keeps growing below, the view stays where they put it.
    await scroller.evaluate((el) => {
      el.scrollBy(0, -500);
      el.dispatchEvent(new Event('scroll'));
    });
    await page.locator(byTestId('jump-to-latest')).waitFor();
    const top = await scroller.evaluate((el) => el.scrollTop);
    const grownFrom = await fromEnd();
    await page.waitForTimeout(600);
    expect(await page.locator('[data-status="streaming"]').count()).toBe(1);
    expect(Math.abs((await scroller.evaluate((el) => el.scrollTop)) - top)).toBeLessThan(2);
    expect(await fromEnd()).toBeGreaterThan(grownFrom);

    // Jump to latest: back at the end, and following again until the reply is done.
    await page.locator(byTestId('jump-to-latest')).click();
    await expect.poll(fromEnd, { timeout: 5000 }).toBeLessThan(60);
    await page.waitForFunction(() => !document.querySelector('[data-status="streaming"]'), undefined, {
      timeout: 20_000,
    });
    await expect.poll(fromEnd, { timeout: 5000 }).toBeLessThan(60);
  });
});
