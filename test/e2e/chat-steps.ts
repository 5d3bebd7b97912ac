/**
 * What a user does in the chat screen, as reusable steps: sign in, send, watch a reply grow.
 * Selectors are the web app's data-testids.
 */
import { expect } from 'vitest';
import type { Locator, Page } from 'playwright-core';

/** `[data-testid=…]` */
export const byTestId = (id: string) => `[data-testid="${id}"]`;

/** Final states of an assistant message (data-status). */
const FINAL_STATUSES = ['complete', 'stopped', 'interrupted', 'error', 'blocked'];

/** Signs in through the login form and waits for the chat screen. */
export async function signIn(page: Page, baseUrl: string, username: string, password: string): Promise<void> {
  await page.goto(baseUrl);
  await page.locator(byTestId('login-username')).fill(username);
  await page.locator(byTestId('login-password')).fill(password);
  await page.locator(byTestId('login-submit')).click();
  await page.locator(byTestId('composer-input')).waitFor({ state: 'visible' });
}

/** The assistant messages on screen, oldest first. */
export const assistantMessages = (page: Page): Locator => page.locator(byTestId('message-assistant'));

/** Types `text` into the composer and presses the Send button. */
export async function sendMessage(page: Page, text: string): Promise<void> {
  const input = page.locator(byTestId('composer-input'));
  await input.fill(text);
  await page.locator(byTestId('send-button')).click();
}

/** One look at an assistant message: its data-status and its answer text (the rendered markdown). */
export type Sample = { status: string | null; text: string };

/**
 * Watches the assistant message at `index` (it may not exist yet) from inside the page,
 * sampling every 15 ms, until it reaches a final status or `until` says stop. Start it before
 * sending so no frame is missed. Returns every distinct (status, text) seen, in order.
 */
export async function watchReply(
  page: Page,
  index: number,
  options: { stopWhen?: 'final' | 'streaming-text'; minChars?: number; timeoutMs?: number } = {},
): Promise<Sample[]> {
  const { stopWhen = 'final', minChars = 1, timeoutMs = 15_000 } = options;
  return page.evaluate(
    ({ index, stopWhen, minChars, timeoutMs, finals }) =>
      new Promise<Sample[]>((resolve, reject) => {
        const samples: Sample[] = [];
        const started = Date.now();
        const timer = setInterval(() => {
          const el = document.querySelectorAll<HTMLElement>('[data-testid="message-assistant"]')[index];
          if (el) {
            // The answer only: not the thinking, the screen-reader labels or the typing dots.
            const answer = el.querySelector<HTMLElement>('.markdown');
            const sample = { status: el.getAttribute('data-status'), text: answer?.innerText ?? '' };
            const last = samples.at(-1);
            if (!last || last.status !== sample.status || last.text !== sample.text) samples.push(sample);
            const done =
              stopWhen === 'final'
                ? finals.includes(sample.status ?? '')
                : sample.status === 'streaming' && sample.text.trim().length >= minChars;
            if (done) {
              clearInterval(timer);
              resolve(samples);
              return;
            }
          }
          if (Date.now() - started > timeoutMs) {
            clearInterval(timer);
            reject(
              new Error(
                `assistant message ${index} did not get there in ${timeoutMs} ms; saw ${JSON.stringify(samples.slice(-3))}`,
              ),
            );
          }
        }, 15);
      }),
    { index, stopWhen, minChars, timeoutMs, finals: FINAL_STATUSES },
  );
}

/**
 * Asserts that a reply was seen streaming and growing over several looks before it finished,
 * and that the finished text is longer than anything seen while streaming. Lengths may dip
 * while streaming (closing a `**` turns "**bold" into "bold"), so no strict monotony.
 */
export function expectGrewWhileStreaming(samples: Sample[], minSteps = 3): void {
  const streaming = samples.filter((s) => s.status === 'streaming' && s.text.trim().length > 0);
  const seen = JSON.stringify(samples.map((s) => [s.status, s.text.length]));
  expect(new Set(streaming.map((s) => s.text.trim().length)).size, `streaming looks: ${seen}`).toBeGreaterThanOrEqual(
    minSteps,
  );
  const final = samples.at(-1)!;
  expect(final.text.trim().length, `streaming looks: ${seen}`).toBeGreaterThan(
    Math.max(...streaming.map((s) => s.text.trim().length)) - 1,
  );
  expect(streaming[0]!.text.trim().length, `streaming looks: ${seen}`).toBeLessThan(final.text.trim().length);
}

/** Waits until the assistant message at `index` shows `status`; the error says what it showed. */
export async function waitForStatus(page: Page, index: number, status: string, timeoutMs = 15_000): Promise<Locator> {
  const message = assistantMessages(page).nth(index);
  try {
    await page.waitForFunction(
      ({ index, status }) =>
        document.querySelectorAll('[data-testid="message-assistant"]')[index]?.getAttribute('data-status') === status,
      { index, status },
      { timeout: timeoutMs, polling: 50 },
    );
  } catch (error) {
    const seen = (await message.count()) > 0 ? await message.getAttribute('data-status') : 'no such message';
    throw new Error(`assistant message ${index} never showed status "${status}" (it shows: ${seen})`, { cause: error });
  }
  return message;
}
