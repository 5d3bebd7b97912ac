/** Human sentences for errors shown in the UI. */
import { ApiError } from '#common/api-transport';
import { i18next } from '#web/lib/i18n';

/**
 * Errors whose sentence is always the same, said in the app's language (`common:serverErrors`,
 * the English word for word the server's), and so are the rules a typed field broke (the server
 * sends `rule` and `limit` beside its sentence). The server's other sentences carry details it
 * alone knows and are shown as it wrote them, in English.
 */
const FIXED_SENTENCES = new Set([
  'invalid_credentials',
  'account_paused',
  'csrf_failed',
  'invite_invalid',
  'invite_expired',
  'people_chat_off',
]);

/** "Wait N seconds (or minutes) and try again", from the answer's Retry-After. */
function rateLimitedText(retryAfter: number | undefined): string {
  if (!retryAfter) return i18next.t('common:serverErrors.rate_limited');
  if (retryAfter < 60) return i18next.t('common:serverErrors.rate_limited_seconds', { count: Math.ceil(retryAfter) });
  return i18next.t('common:serverErrors.rate_limited_minutes', { count: Math.ceil(retryAfter / 60) });
}

/** The message to show for any thrown value. */
export function errorText(err: unknown): string {
  if (err instanceof ApiError) {
    if (err.code === 'network_error') return i18next.t('common:networkError');
    if (FIXED_SENTENCES.has(err.code)) {
      const key = err.code === 'account_paused' && !err.facts.admin ? 'account_paused_noAdmin' : err.code;
      return i18next.t(`common:serverErrors.${key}`, { admin: err.facts.admin });
    }
    if (err.code === 'rate_limited') return rateLimitedText(err.retryAfter);
    if ((err.code === 'validation_failed' || err.code === 'too_large') && err.facts.rule && err.field) {
      const field = `common:fields.${err.field}`;
      if (i18next.exists(field)) {
        return i18next.t(`common:fieldErrors.${err.facts.rule}`, { field: i18next.t(field), limit: err.facts.limit });
      }
    }
    return err.message;
  }
  if (err instanceof Error) return err.message;
  return i18next.t('common:somethingWentWrong');
}

/** True when the error means "not signed in any more". */
export const isUnauthorized = (err: unknown) => err instanceof ApiError && err.status === 401;

/** True for 404 answers. */
export const isNotFound = (err: unknown) => err instanceof ApiError && err.status === 404;
