/**
 * Every error a route may answer with: one constructor per kind, each with an HTTP status and a
 * stable `code` that clients switch on. The Fastify error handler in app.ts turns these into
 * `{"error": {"code", "message", "field"?, ...facts}}`.
 */
import type { ErrorCode } from '#common/errors';

/** An error that is safe to show the client as is. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
    readonly headers?: Record<string, string>,
    /** Facts a client needs, sent inside the error object (`until`, `resetAt`, …; API.md conventions). */
    readonly facts?: Readonly<Record<string, string | number>>,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/** 400: bad input, naming the field. */
export const badRequest = (message: string, field?: string) => new HttpError(400, 'validation_failed', message, field);
/** 401: not signed in (or the session/token is dead). */
export const unauthorized = (message = 'Sign in to continue.') => new HttpError(401, 'unauthorized', message);
/** 401 for a failed sign-in: the same answer for unknown user and wrong password. */
export const invalidCredentials = () => new HttpError(401, 'invalid_credentials', 'Wrong username or password.');
/**
 * 403 for the right password of a disabled account: it is paused, and whom to ask. Only someone
 * who knows the password hears this; a wrong one gets invalid_credentials.
 */
export const accountPaused = (adminName: string | null) =>
  new HttpError(
    403,
    'account_paused',
    adminName
      ? `Your account is paused — ask ${adminName}.`
      : 'Your account is paused — ask whoever runs Hearth at home.',
    undefined,
    undefined,
    // The name as a fact too, so the web app can say the sentence in the member's language.
    adminName ? { admin: adminName } : undefined,
  );
/** 403: signed in but not allowed. */
export const forbidden = (message = 'You are not allowed to do that.', field?: string) =>
  new HttpError(403, 'forbidden', message, field);
/** 403: an API token on a route that does not accept its scope (route `config.tokenScopes`). */
export const tokenScopeRefused = (message: string) => new HttpError(403, 'token_scope', message);
/** 403: state-changing cookie request without the CSRF header. */
export const csrfFailed = () =>
  new HttpError(403, 'csrf_failed', 'Missing or wrong X-CSRF-Token header. Reload the page and try again.');
/** 404: not found, or not the caller's (the two are indistinguishable on purpose). */
export const notFound = (what = 'That') => new HttpError(404, 'not_found', `${what} was not found.`);
/** 409: conflicts with the current state. */
export const conflict = (message: string, field?: string) => new HttpError(409, 'conflict', message, field);
/** 413: too large. */
export const tooLarge = (message: string, field?: string, facts?: Readonly<Record<string, string | number>>) =>
  new HttpError(413, 'too_large', message, field, undefined, facts);
/** 429: rate limited. */
export const rateLimited = (retryAfterSeconds: number, message = 'Too many attempts. Try again later.') =>
  new HttpError(429, 'rate_limited', message, undefined, { 'Retry-After': String(Math.ceil(retryAfterSeconds)) });

/**
 * 502/503: the model server failed or is unreachable. `message` names the server and what
 * happened, in words a family member understands.
 */
export const modelUnavailable = (message: string, status: 502 | 503 = 503) =>
  new HttpError(status, 'model_unavailable', message);

/** 422: the family-safety filter found `category` in a supervised member's message; nothing was saved or sent. */
export const contentBlocked = (category: string, message: string) =>
  new HttpError(422, 'content_blocked', message, undefined, undefined, { category });
