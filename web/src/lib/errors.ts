/** Human sentences for errors shown in the UI. */
import { ApiError } from '#common/api-transport';
import { i18next } from '#web/lib/i18n';

/**
 * Errors whose sentence is always the same, said in the app's language (`common:serverErrors`,
 * the English word for word the server's). The server's other sentences carry details it alone
 * knows (which field, what limit) and are shown as it wrote them, in English.
 */
const FIXED_SENTENCES = new Set([
  'invalid_credentials',
  'account_paused',
  'csrf_failed',
  'invite_invalid',
  'invite_expired',
  'people_chat_off',
]);

/** The message to show for any thrown value. */
export function errorText(err: unknown): string {
  if (err instanceof ApiError) {
    if (err.code === 'network_error') return i18next.t('common:networkError');
    if (FIXED_SENTENCES.has(err.code)) {
      const key = err.code === 'account_paused' && !err.facts.admin ? 'account_paused_noAdmin' : err.code;
      return i18next.t(`common:serverErrors.${key}`, { admin: err.facts.admin });
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
