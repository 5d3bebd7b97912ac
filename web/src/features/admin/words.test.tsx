/** The admin console speaks German: a rendered allow-list and the counted words of its tabs. */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { i18next, loadAllWords } from '#web/lib/i18n';
import { AllowListEditor } from './users/AllowListEditor';
import { suggestPassword } from './users/password';

// Only the sign-in words are bundled; the admin words load when the signed-in app starts.
beforeAll(async () => {
  await loadAllWords();
  await i18next.loadLanguages('de');
});
afterEach(async () => {
  await i18next.changeLanguage('en');
});

const allowList = () =>
  renderToStaticMarkup(
    createElement(AllowListEditor, {
      legend: 'Models',
      noun: 'models',
      items: [],
      value: [],
      onChange: () => {},
    }),
  );

describe('admin words', () => {
  it('renders an allow-list in English, and in German once the language changes', async () => {
    expect(allowList()).toContain('Only the models ticked below');
    await i18next.changeLanguage('de');
    const html = allowList();
    expect(html).toContain('Nur die unten angehakten Modelle');
    expect(html).toContain('Gerade gibt es keine Modelle zur Auswahl.');
    expect(html).not.toContain('models ticked');
  });

  it('counts with German plurals in the users, tasks and music words', () => {
    const users = i18next.getFixedT('de', 'users');
    expect(users('delete.conversations', { count: 1, n: '1' })).toBe('1 Unterhaltung');
    expect(users('delete.sessions', { count: 2, n: '2' })).toBe('2 offene Sitzungen, werden abgemeldet');
    expect(i18next.getFixedT('de', 'tasks')('row.models', { count: 3 })).toBe('3 Modelle');
    expect(i18next.getFixedT('de', 'music')('stats.albums', { count: 1 })).toBe('1 Album');
    expect(i18next.getFixedT('en', 'users')('delete.conversations', { count: 0, n: '0' })).toBe('0 conversations');
  });
});

describe('suggested passwords', () => {
  it('are four words and a number, in German words for a German household', () => {
    expect(suggestPassword('en')).toMatch(/^[a-z]+(-[a-z]+){3}-\d{2}$/);
    const german = suggestPassword('de');
    expect(german).toMatch(/^[a-z]+(-[a-z]+){3}-\d{2}$/);
    expect(german.length).toBeGreaterThanOrEqual(8);
  });
});
