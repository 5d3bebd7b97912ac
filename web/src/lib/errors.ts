/** Human sentences for errors shown in the UI. */
import { ApiError } from '#common/api-client';

/** The message to show for any thrown value. */
export function errorText(err: unknown): string {
  if (err instanceof ApiError) {
    if (err.code === 'network_error') return 'Could not reach the Hearth server. Check your connection and try again.';
    return err.message;
  }
  if (err instanceof Error) return err.message;
  return 'Something went wrong.';
}

/** True when the error means "not signed in any more". */
export const isUnauthorized = (err: unknown) => err instanceof ApiError && err.status === 401;

/** True for 404 answers. */
export const isNotFound = (err: unknown) => err instanceof ApiError && err.status === 404;
