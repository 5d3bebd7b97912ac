/** What other features may use from auth. */
export { requireAdmin, requireUser, type AuthState } from './guards';
export { countCredentials, endUserSessions, lastSeenByUser } from './sessions';
export { ensureSetupToken } from './setup';
