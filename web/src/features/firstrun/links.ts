/**
 * The sign-in link on a family member's card, and the sign-in form's reading of it: the QR code
 * opens `<address>/?username=<name>`, which the sign-in page fills in. Never the password.
 */

/** The link a card's QR code opens: this server with the username filled in. */
export function signInLink(address: string, username: string): string {
  const url = new URL('/', address);
  url.searchParams.set('username', username);
  return url.toString();
}

/**
 * The username a card's link asks to fill in, from the page's own query or from the page the
 * sign-in form returns to (`/?username=…` reaches it as `/login?next=%2F%3Fusername%3D…`).
 */
export function prefilledUsername(search: string, next: string | null): string {
  const own = new URLSearchParams(search).get('username');
  if (own) return own.trim().slice(0, 64);
  if (!next?.startsWith('/')) return '';
  const query = next.indexOf('?');
  return query < 0 ? '' : (new URLSearchParams(next.slice(query)).get('username') ?? '').trim().slice(0, 64);
}

const LOOPBACK = /^(localhost|127(?:\.\d+){3}|\[::1\])$/i;

/**
 * The addresses a card may carry, best first: the page's own origin unless it is this computer
 * only (127.0.0.1, which no phone can open), then the server's network addresses.
 */
export function cardAddresses(origin: string, serverAddresses: readonly string[]): string[] {
  const local = LOOPBACK.test(new URL(origin).hostname);
  const list = local ? [...serverAddresses, origin] : [origin, ...serverAddresses];
  return [...new Set(list)];
}
