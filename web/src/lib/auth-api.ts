/**
 * The web app's connection to its server (same origin, session cookie, the session's CSRF token)
 * and the sign-in client on it. The sign-in screens and the session use `authApi`; everything
 * signed in uses `api` from `./api`, the whole API on the same transport. Kept apart so the
 * sign-in page's first load does not carry the schemas of every other endpoint.
 */
import { createTransport } from '#common/api-transport';
import { authEndpoints } from '#common/auth-endpoints';

let csrfToken: string | null = null;

/** Remembers the CSRF token from login / setup / `GET /api/auth/me`. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** The CSRF token for requests the shared client does not make itself (a file upload). */
export const currentCsrfToken = (): string | null => csrfToken;

/** The one transport every request of the web app goes through. */
export const transport = createTransport({ getCsrfToken: () => csrfToken });

/** Sign-in, session, settings and passkey endpoints: all the sign-in page needs. */
export const authApi = authEndpoints(transport);
