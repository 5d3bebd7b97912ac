/** Human sentences for errors shown in the UI. */
import { ApiError } from '#common/api-transport';
import { i18next } from '#web/lib/i18n';

/** The message to show for any thrown value (the server's own words stay as they are). */
export function errorText(err: unknown): string {
  if (err instanceof ApiError) {
    if (err.code === 'network_error') return i18next.t('common:networkError');
    return err.message;
  }
  if (err instanceof Error) return err.message;
  return i18next.t('common:somethingWentWrong');
}

/** True when the error means "not signed in any more". */
export const isUnauthorized = (err: unknown) => err instanceof ApiError && err.status === 401;

/** True for 404 answers. */
export const isNotFound = (err: unknown) => err instanceof ApiError && err.status === 404;
