/**
 * Reply rendering in Chromium: a streaming reply patches only its growing last block (a
 * selection in a finished paragraph survives the rest of the stream), math is typeset with its
 * layout applied under the CSP, task lists are disabled checkboxes; and the context window's
 * quiet markers — the divider where older turns were left out, the note under a document too
 * long to read whole — appear as a reply starts.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Message } from '#common/conversations';
// Earlier exchanges with set times, many at once, without a model turn for each; the rows are the same the app writes.
// eslint-disable-next-line no-restricted-imports
import { insertMessages } from '#server/conversations/store';
import { newId } from '#server/db/ids';
import { DEFAULT_FAKE_MODELS } from '#test/fakes/fake-model-server';
import { asUser, login, type Session } from '#test/helpers';
import { startE2E, type E2E } from './harness';
import { assistantMessages, byTestId, sendMessage, signIn, waitForStatus } from './chat-steps';

/** A model with a tiny window (LM Studio's listing reports it), for the context markers. */
const TINY = 'env-1/tiny';

let e2e: E2E;
let session: Session;
beforeAll(async () => {
  e2e = await startE2E({ lmStudio: true, models: [...DEFAULT_FAKE_MODELS, { name: 'tiny', contextLength: 256 }] });
  session = await login(e2e.hearth.app, e2e.username, e2e.password);
});
afterEach(async () => {
  await e2e.closeContexts();
});
afterAll(async () => {
  await e2e?.close();
});

/** A signed-in page on conversation `id` (a new, empty one by default). */
async function signedInPage(id?: string): Promise<Page> {
  const page = await e2e.newPage();
  await signIn(page, e2e.baseUrl, e2e.username, e2e.password);
  const conversationId = id ?? (await tinyConversation(0, 'env-1/fake-model'));
  await page.goto(`${e2e.baseUrl}/c/${conversationId}`);
  await page.locator(byTestId('composer-input')).waitFor();
  return page;
}

/** A conversation on `model` (the tiny one by default) with `pairs` earlier exchanges saved in it. */
async function tinyConversation(pairs: number, model = TINY): Promise<string> {
  const res = await e2e.hearth.app.inject({
    method: 'POST',
    url: '/api/conversations',
    headers: asUser(session),
    payload: { model, title: 'A chat' },
  });
  const conversationId = res.json<{ id: string }>().id;
  let parentId: string | null = null;
  const start = Date.now() - pairs * 120_000;
  for (let i = 0; i < pairs; i++) {
    const at = (n: number) => new Date(start + i * 120_000 + n).toISOString();
    const base = { conversationId, status: 'complete' as const };
    const q: Message = {
      ...base,
      id: newId(start + i * 120_000),
      parentId,
      role: 'user',
      content: `Question ${i}: what do you think about topic number ${i} in some detail?`,
      createdAt: at(0),
      updatedAt: at(0),
    };
    const a: Message = {
      ...base,
      id: newId(start + i * 120_000 + 1),
      parentId: q.id,
      role: 'assistant',
      content: `Answer ${i}: topic ${i} is interesting for several reasons that take a while to explain.`,
      model: TINY,
      createdAt: at(1),
      updatedAt: at(1),
    };
    await insertMessages(e2e.hearth.app.ctx.db, {
      messages: [q, a],
      conversationId,
      change: { activeLeafId: a.id, updatedAt: at(1) },
    });
    parentId = a.id;
  }
  return conversationId;
}

describe('rendering replies', () => {
  it('keeps finished blocks (and a selection in them) untouched while the last block streams', async () => {
    const page = await signedInPage();
    const words = (n: number, tag: string) => Array.from({ length: n }, (_, i) => `${tag}${i}`).join(' ');
    const reply = `First paragraph stays put.\n\n${words(60, 'second')}\n\n${words(60, 'third')} END`;
    e2e.script('three paragraphs', { reply, tokenIntervalMs: 25 });
    await sendMessage(page, 'three paragraphs');
    const first = assistantMessages(page).first().locator('.markdown p').first();
    await page.waitForFunction(() =>
      document.querySelector('.msg-assistant .markdown')?.textContent?.includes('second5'),
    );
    // Mark the paragraph's node and select its text, mid-stream.
    await first.evaluate((p) => {
      (p as HTMLElement & { kept?: boolean }).kept = true;
      const range = document.createRange();
      range.selectNodeContents(p);
      getSelection()!.removeAllRanges();
      getSelection()!.addRange(range);
    });
    // Two more blocks stream in after it; the paragraph is the same node, still selected.
    await page.waitForFunction(() =>
      document.querySelector('.msg-assistant .markdown')?.textContent?.includes('third20'),
    );
    expect(await first.evaluate((p) => (p as HTMLElement & { kept?: boolean }).kept === true && p.isConnected)).toBe(
      true,
    );
    expect(await page.evaluate(() => getSelection()!.toString())).toBe('First paragraph stays put.');
    await waitForStatus(page, 0, 'complete', 20_000);
    expect(await assistantMessages(page).first().innerText()).toContain('END');
  });

  it('typesets math and shows task lists as disabled checkboxes', async () => {
    const page = await signedInPage();
    e2e.script('math and tasks', {
      reply: 'Area: $\\pi r^2$.\n\n$$\\int_0^1 x\\,dx = \\frac{1}{2}$$\n\n- [x] done\n- [ ] todo',
      tokenIntervalMs: 5,
    });
    await sendMessage(page, 'math and tasks');
    const reply = await waitForStatus(page, 0, 'complete');
    // The markdown renderer paints a finished reply in a deferred render: wait for it.
    await expect.poll(() => reply.locator('.katex').count()).toBe(2);
    expect(await reply.locator('.katex-display').count()).toBe(1);
    // KaTeX's layout reached the elements through the CSSOM (the CSP refuses style attributes).
    expect(await reply.locator('.katex-html [style]').count()).toBeGreaterThan(0);
    expect(
      await reply
        .locator('input[type=checkbox]')
        .evaluateAll((els) => els.map((e) => [(e as HTMLInputElement).checked, (e as HTMLInputElement).disabled])),
    ).toEqual([
      [true, true],
      [false, true],
    ]);
  });
});

describe('the context window', () => {
  it("marks where earlier messages fell out of the model's view, as the reply starts", async () => {
    const page = await signedInPage(await tinyConversation(6));
    e2e.script('And what about the last topic?', { reply: 'It depends.', tokenIntervalMs: 5 });
    await sendMessage(page, 'And what about the last topic?');
    const divider = page.locator(byTestId('context-divider'));
    await divider.waitFor();
    expect(await divider.innerText()).toMatch(/beyond what the model can see/i);
    // The divider sits right above the first message the model was sent.
    const sent = (await e2e.chatRequestFor('And what about the last topic?')).body!.messages as {
      role: string;
      content: string;
    }[];
    const firstSent = sent.find((m) => m.role !== 'system')!;
    const below = page.locator(`.msg-row:has(${byTestId('context-divider')}) [data-message-id]`);
    expect(await below.innerText()).toContain(firstSent.content.slice(0, 20));
    expect(sent.some((m) => m.content.startsWith('Question 0:'))).toBe(false);
  });

  it('notes under a pasted document that the model saw only its beginning and end', async () => {
    const page = await signedInPage(await tinyConversation(0));
    const doc = `${Array.from({ length: 300 }, (_, i) => `line ${i} of the pasted report`).join('\n')}\nWhat does it say?`;
    await sendMessage(page, doc);
    await page.locator(byTestId('context-cut')).waitFor();
    // (The model was sent a shortened text: find its request by what it starts with.)
    const request = e2e.fake
      .chatRequests()
      .findLast((r) => JSON.stringify(r.body).includes('line 0 of the pasted report'))!;
    const sent = request.body!.messages as { role: string; content: string }[];
    const last = sent.at(-1)!.content;
    expect(last.startsWith('line 0 of the pasted report')).toBe(true);
    expect(last.endsWith('What does it say?')).toBe(true);
    expect(last).toContain('characters of this message were left out here');
  });
});
