/**
 * Ids the web app makes itself (a send's `clientId`). `crypto.getRandomValues`, not
 * `crypto.randomUUID`: the latter exists only in secure contexts, and Hearth is often opened
 * as http://192.168.x.x on the home network.
 */

/** 128 random bits as 32 hex characters. */
export function newClientId(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
