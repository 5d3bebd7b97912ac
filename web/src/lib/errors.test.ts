/** The server errors of fixed meaning are said in the member's language; the rest keep the server's words. */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '#common/api-transport';
import { errorText } from './errors';
import { i18next, loadAllWords } from './i18n';

beforeAll(async () => {
  await loadAllWords();
  await i18next.loadLanguages('de');
});
afterEach(async () => {
  await i18next.changeLanguage('en');
});

const paused = (admin?: string) =>
  new ApiError('account_paused', 'server words', 403, undefined, undefined, admin ? { admin } : {});

describe('errorText', () => {
  it('names the admin to ask when an account is paused, in English and German', async () => {
    expect(errorText(paused('Mum'))).toBe('Your account is paused — ask Mum.');
    await i18next.changeLanguage('de');
    expect(errorText(paused('Mum'))).toBe('Dein Konto ist pausiert – frag Mum.');
    expect(errorText(paused())).toContain('frag die Person, die Hearth');
  });

  it('says the fixed sentences in German', async () => {
    await i18next.changeLanguage('de');
    expect(errorText(new ApiError('invalid_credentials', 'Wrong username or password.', 401))).toBe(
      'Benutzername oder Passwort stimmen nicht.',
    );
    expect(errorText(new ApiError('invite_expired', 'x', 410))).toContain('Einladungslink');
    expect(errorText(new ApiError('network_error', 'x', 0))).not.toBe('x');
  });

  it('says the rule a typed field broke in the member’s language, from the facts', async () => {
    const tooShort = new ApiError(
      'validation_failed',
      'The password must be at least 8 characters.',
      400,
      'password',
      undefined,
      {
        rule: 'too_short',
        limit: 8,
      },
    );
    expect(errorText(tooShort)).toBe('The password must be at least 8 characters.');
    await i18next.changeLanguage('de');
    expect(errorText(tooShort)).toBe('Das Passwort muss mindestens 8 Zeichen lang sein.');
    const common = new ApiError('validation_failed', 'x', 400, 'newPassword', undefined, { rule: 'common_password' });
    expect(errorText(common)).toBe(
      'Das neue Passwort gehört zu den 10.000 häufigsten Passwörtern – bitte wähl ein anderes.',
    );
    const long = new ApiError('too_large', 'x', 413, 'content', undefined, { rule: 'too_long', limit: 100000 });
    expect(errorText(long)).toBe('Die Nachricht darf höchstens 100.000 Zeichen lang sein.');
    // A field the web app has no words for keeps the server's sentence.
    const other = new ApiError('validation_failed', 'name: too long', 400, 'name', undefined, {
      rule: 'too_long',
      limit: 9,
    });
    expect(errorText(other)).toBe('name: too long');
  });

  it('says how long to wait when Hearth is asked too often', async () => {
    const limited = (retryAfter?: number) => new ApiError('rate_limited', 'server words', 429, undefined, retryAfter);
    expect(errorText(limited(1))).toBe('You’re going faster than Hearth allows. Wait 1 second and try again.');
    expect(errorText(limited(90))).toBe('You’re going faster than Hearth allows. Wait 2 minutes and try again.');
    await i18next.changeLanguage('de');
    expect(errorText(limited(30))).toContain('Warte 30 Sekunden');
    expect(errorText(limited())).toContain('Warte einen Moment');
  });

  it('keeps the server’s own words where they carry details only it knows', async () => {
    await i18next.changeLanguage('de');
    expect(errorText(new ApiError('validation_failed', 'Title is too long (at most 200).', 400, 'title'))).toBe(
      'Title is too long (at most 200).',
    );
    expect(errorText(new Error('boom'))).toBe('boom');
  });
});
