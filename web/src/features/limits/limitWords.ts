/**
 * Plain words for a supervised member's refusals — quiet hours (with when it opens), a used-up
 * daily budget (with when it starts again, and "ask a guardian for more"), and what their
 * guardians have not allowed — from the error's code and the facts inside it (`until`,
 * `resetAt`). Times are shown on this device's clock: the same moment the server means.
 */
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { ApiError } from '#common/api-client';

/** The codes these words are for. */
export const LIMIT_CODES = ['quiet_hours', 'daily_limit_reached', 'not_allowed_for_supervised'] as const;

/** What a refused action was: an AI send, a people-chat post, an API token, deleting a chat. */
export type LimitAction = 'ai' | 'people' | 'token' | 'delete';

const DAY_MS = 86_400_000;

/** "at 07:00", or "on Monday at 07:00" when that is a day or more away, in the app's language. */
export function whenText(iso: string, t: TFunction, language: string, now = new Date()): string {
  const at = new Date(iso);
  const time = at.toLocaleTimeString(language, { hour: 'numeric', minute: '2-digit' });
  if (at.getTime() - now.getTime() < DAY_MS) return t('at', { time });
  return t('onDayAt', { day: at.toLocaleDateString(language, { weekday: 'long' }), time });
}

/** The sentence for a limit refusal, or null when `err` is not one (show the usual error then). */
export function limitText(err: unknown, t: TFunction, language: string, action: LimitAction = 'ai') {
  if (!(err instanceof ApiError)) return null;
  const { until, resetAt, budget } = err.facts;
  if (err.code === 'quiet_hours') {
    if (!until) return t(action === 'people' ? 'quietPeopleNoTime' : 'quietNoTime');
    return t(action === 'people' ? 'quietPeople' : 'quiet', { when: whenText(until, t, language) });
  }
  if (err.code === 'daily_limit_reached') {
    const key = budget === 'tokens' ? 'dailyTokens' : 'dailyMessages';
    return t(key, { when: resetAt ? whenText(resetAt, t, language) : t('at', { time: '00:00' }) });
  }
  if (err.code === 'not_allowed_for_supervised') {
    // The server's sentence says which rule; these are the app's words for the common cases.
    if (action === 'token') return t('tokensNotAllowed');
    if (action === 'delete') return t('deleteNotAllowed');
    return err.message;
  }
  return null;
}

/** `limitText` bound to the app's language: `(err, action?) => sentence | null`. */
export function useLimitText() {
  const { t, i18n } = useTranslation('limits');
  return useCallback(
    (err: unknown, action: LimitAction = 'ai') => limitText(err, t, i18n.language, action),
    [t, i18n.language],
  );
}
