/** The web app's one API client: same origin, session cookie, CSRF token from the session. */
import { createApiClient } from '#common/api-client';

let csrfToken: string | null = null;

/** Remembers the CSRF token from login / setup / `GET /api/auth/me`. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** The CSRF token for requests the shared client does not make itself (a file upload). */
export const currentCsrfToken = (): string | null => csrfToken;

export const api = createApiClient({ getCsrfToken: () => csrfToken });
