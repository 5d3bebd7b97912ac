/** Random secrets, their stored form (sha256) and constant-time comparison. */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** 32 random bytes, base64url: a session token, CSRF token or setup token. */
export const randomSecret = (): string => randomBytes(32).toString('base64url');

/** The stored form of a secret: only its sha256 reaches the database. */
export const sha256 = (secret: string): string => createHash('sha256').update(secret).digest('hex');

/** Compares two strings in time independent of where they differ. */
export function safeEqual(a: string, b: string): boolean {
  // Hashing first gives equal lengths, so the length itself leaks nothing either.
  return timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());
}

/** The key of typedNameFingerprint: per process, so a stored fingerprint cannot be tested offline. */
const fingerprintKey = randomBytes(32);

/**
 * A short keyed fingerprint of what someone typed as a username, for the audit log of a failed
 * sign-in with an unknown account: it may be a password typed in the wrong box, so it is never
 * stored as typed. Equal typos give equal fingerprints while the server runs.
 */
export function typedNameFingerprint(typed: string): string {
  return createHmac('sha256', fingerprintKey).update(typed.trim().toLowerCase()).digest('hex').slice(0, 8);
}
