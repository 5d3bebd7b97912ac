/** The plain words of the limit refusals, from the facts inside the error, in both languages. */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '#common/api-client';
import { i18next, loadAllWords } from '#web/lib/i18n';
import { limitText } from './limitWords';

const soon = () => new Date(Date.now() + 3 * 3600_000);
const quiet = (until: Date) =>
  new ApiError('quiet_hours', 'server words', 403, undefined, undefined, { until: until.toISOString() });
const time = (at: Date, lang: string) => at.toLocaleTimeString(lang, { hour: 'numeric', minute: '2-digit' });

// Only the sign-in words are bundled; the rest load when the signed-in app starts (lib/i18n.ts).
beforeAll(async () => {
  await loadAllWords();
  await i18next.loadLanguages('de');
});
afterEach(async () => {
  await i18next.changeLanguage('en');
});

describe('limit words', () => {
  it('says when quiet time ends, and names the day when it is a day or more away', async () => {
    await i18next.changeLanguage('en');
    const t = i18next.getFixedT('en', 'limits');
    const until = soon();
    expect(limitText(quiet(until), t, 'en')).toBe(
      `It’s quiet time now. You can chat with the assistant again at ${time(until, 'en')}.`,
    );
    expect(limitText(quiet(until), t, 'en', 'people')).toBe(
      `It’s quiet time now. You can send messages again at ${time(until, 'en')}.`,
    );
    const later = new Date(Date.now() + 3 * 86_400_000);
    const day = later.toLocaleDateString('en', { weekday: 'long' });
    expect(limitText(quiet(later), t, 'en')).toContain(`again on ${day} at ${time(later, 'en')}`);
  });

  it('says when the daily budget starts again and to ask a guardian, in German too', () => {
    const resetAt = soon();
    const err = new ApiError('daily_limit_reached', 'server words', 429, undefined, 60, {
      resetAt: resetAt.toISOString(),
      budget: 'messages',
    });
    expect(limitText(err, i18next.getFixedT('en', 'limits'), 'en')).toBe(
      `You’ve used today’s messages with the assistant. They start again at ${time(resetAt, 'en')} — or ask a guardian for more.`,
    );
    expect(limitText(err, i18next.getFixedT('de', 'limits'), 'de')).toContain(
      `Es geht um ${time(resetAt, 'de')} wieder los`,
    );
  });

  it('explains refused tokens and deletes, keeps the server’s words otherwise, and ignores other errors', () => {
    const t = i18next.getFixedT('en', 'limits');
    const refused = new ApiError('not_allowed_for_supervised', 'Your guardians chose who you can message.', 403);
    expect(limitText(refused, t, 'en', 'token')).toMatch(/guardians decide whether you can use API tokens/);
    expect(limitText(refused, t, 'en', 'delete')).toMatch(/not allowed deleting chats/);
    expect(limitText(refused, t, 'en')).toBe('Your guardians chose who you can message.');
    expect(limitText(new ApiError('not_found', 'Gone.', 404), t, 'en')).toBeNull();
    expect(limitText(new Error('x'), t, 'en')).toBeNull();
  });
});
