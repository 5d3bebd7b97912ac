/**
 * Issue 15.8, "English and German complete", in a real browser: a German browser walks every
 * page and dialog the accessibility test visits (a11y-visits.ts: add a page there and it is
 * checked here too), and no English sentence of the app's word files may be on screen: not in
 * the text, not in a label, a tooltip or a placeholder. An English sentence there means a page
 * whose words did not load in German (a namespace fetched late, or not at all) or a word file
 * that is not wired up. Literal English written into a component is what the lint's
 * `i18next/no-literal-string` rule stops; this test stops what the lint cannot see.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startE2E, type E2E } from './harness';
import { seedA11yWorld, type A11yWorld } from './a11y-world';
import { walkVisits } from './a11y-visits';

const LOCALES = path.resolve(import.meta.dirname, '../../web/src/locales');

/** `{"a": {"b": "x"}}` → ["x"]. */
const leaves = (value: unknown): string[] =>
  typeof value === 'string'
    ? [value]
    : value && typeof value === 'object'
      ? Object.values(value).flatMap((inner) => leaves(inner))
      : [];

/**
 * The app's English sentences that German says differently, as the pieces between their
 * {{placeholders}}: each piece of three words or more, which in German page text can only
 * mean untranslated words (a short one like "Chats" or "Admin" is the same in both).
 */
function englishOnlyPhrases(): string[] {
  const phrases = new Set<string>();
  for (const file of fs.readdirSync(path.join(LOCALES, 'en'))) {
    const en = leaves(JSON.parse(fs.readFileSync(path.join(LOCALES, 'en', file), 'utf8')));
    const de = new Set(leaves(JSON.parse(fs.readFileSync(path.join(LOCALES, 'de', file), 'utf8'))));
    for (const text of en) {
      if (de.has(text)) continue;
      for (const piece of text.split(/\{\{[^}]*\}\}|<\/?\d+>|\n/)) {
        const trimmed = piece.trim().replace(/[.:,;!?…]+$/, '');
        if (trimmed.split(/\s+/).length >= 3 && /[a-z]{3}/.test(trimmed)) phrases.add(trimmed);
      }
    }
  }
  return [...phrases];
}

/** What a member can read in `scope`: its visible text and its labels, tooltips and placeholders. */
async function readable(page: Page, scope: string | undefined): Promise<string> {
  return page.evaluate((selector) => {
    const root = selector ? document.querySelector<HTMLElement>(selector) : document.body;
    if (!root) return '';
    const attributes = [...root.querySelectorAll('[aria-label], [title], [placeholder], [alt]')].flatMap((el) =>
      ['aria-label', 'title', 'placeholder', 'alt'].map((name) => el.getAttribute(name) ?? ''),
    );
    return [root.innerText, ...attributes, document.title].join('\n');
  }, scope);
}

let e2e: E2E;
let world: A11yWorld;

beforeAll(async () => {
  e2e = await startE2E();
  world = await seedA11yWorld(e2e);
});
afterEach(async () => {
  await e2e.closeContexts();
});
afterAll(async () => {
  await e2e?.close();
});

describe('a German browser', () => {
  it('meets no English sentence of the app on any page or dialog', { timeout: 180_000 }, async () => {
    const phrases = englishOnlyPhrases();
    expect(phrases.length).toBeGreaterThan(200); // the word files were read
    const context = await e2e.newContext({ locale: 'de-DE', colorScheme: 'light' });
    const page = await e2e.newPage(context);
    e2e.watch(page).allowConsoleError(/status of 40[13]/); // the wrong sign-in, the fake setup token
    const found: string[] = [];
    let checked = 0;
    const unopened = await walkVisits(page, e2e.baseUrl, world, 'desktop', async (visit) => {
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('de');
      const text = await readable(page, visit.scope);
      for (const phrase of phrases) if (text.includes(phrase)) found.push(`${visit.name}: “${phrase}”`);
      checked += 1;
    });
    found.push(...unopened);
    console.log(`German walk: ${checked} pages and dialogs, ${phrases.length} English phrases looked for`);
    expect(found, found.join('\n')).toEqual([]);
    expect(checked).toBeGreaterThan(20);
  });
});
