/** What other features may use from auth. */
export { requireAdmin, requireUser, type AuthState } from './guards';
export { endUserSessions } from './sessions';
export { ensureSetupToken } from './setup';
