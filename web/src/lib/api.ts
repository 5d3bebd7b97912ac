/**
 * The web app's whole API client, for the signed-in app. It shares the transport (and so the
 * CSRF token) of `authApi` in `./auth-api`, which the sign-in screens use instead of this.
 */
import { apiClientOver } from '#common/api-client';
import { transport } from './auth-api';

export { currentCsrfToken, setCsrfToken } from './auth-api';

export const api = apiClientOver(transport);
