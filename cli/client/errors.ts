/**
 * Turning API failures into what a member reads (the same plain words as the web app) and the
 * exit code a script switches on.
 */
import { ApiError } from '#common/api-client';
import type { MessageError } from '#common/conversations';
import { CliError } from '../io';
import { EXIT } from './exit-codes';

/** Codes that mean "not now, later": the rate limit and the budgets of parental controls. */
const REFUSED_FOR_NOW = new Set(['rate_limited', 'daily_limit_reached', 'quiet_hours', 'budget_exceeded']);

/** The exit code for an error code from the API or from a reply's error. */
export function exitCodeFor(code: string): number {
  if (code === 'unauthorized' || code === 'token_scope') return EXIT.signedOut;
  if (code === 'model_unavailable') return EXIT.modelUnavailable;
  if (REFUSED_FOR_NOW.has(code)) return EXIT.refusedForNow;
  if (code === 'validation_failed' || code === 'too_large') return EXIT.usage;
  return EXIT.failed;
}

const SIGNED_OUT = "You're signed out — run hearth login.";

/** A sentence for an API failure, naming `server` when it could not be reached. */
export function describeApiError(err: ApiError, server: string): string {
  if (err.code === 'network_error')
    return `Could not reach Hearth at ${server}. Is it running, and is the address right?`;
  if (err.code === 'unauthorized') return SIGNED_OUT;
  if (err.code === 'token_scope') return 'This API token may not chat. Run hearth login to get one that may.';
  if (err.code === 'rate_limited' && err.retryAfter && !/try again in/i.test(err.message)) {
    return `${err.message} (Try again in ${err.retryAfter} s.)`;
  }
  if (err.code === 'bad_response') {
    return `${server} answered something this terminal client did not understand. Is it a Hearth server of the same version? (${err.message})`;
  }
  return err.message;
}

/** Wraps any failure as a CliError with the right exit code and plain words. */
export function toCliError(err: unknown, server: string): CliError {
  if (err instanceof CliError) return err;
  if (err instanceof ApiError) return new CliError(describeApiError(err, server), exitCodeFor(err.code));
  return new CliError(err instanceof Error ? err.message : String(err), EXIT.failed);
}

/** A reply's own error (the `error` SSE event) as a sentence. */
export function describeReplyError(error: MessageError): string {
  return error.message;
}
