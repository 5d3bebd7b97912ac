/**
 * What of a request URL may reach the log: the path without its query string (which can carry
 * the setup token and search words), and with every secret path segment replaced. A secret in a
 * path is a bearer credential to whoever reads the log (an invite link signs a stranger up).
 * Add a route here when its path carries a secret; ids of things (conversations, generations)
 * are not secrets — the caller's session is needed to use them.
 */

/** Paths whose named segment is a secret: the prefix up to it, and the segment is the rest. */
const SECRET_SEGMENT_PREFIXES = ['/api/invites/'] as const;

/** The marker that stands in for a secret. */
export const REDACTED = '[redacted]';

/** The URL as the log may hold it. */
export function loggableUrl(url: string): string {
  const path = url.split('?')[0] ?? '';
  for (const prefix of SECRET_SEGMENT_PREFIXES) {
    if (!path.startsWith(prefix)) continue;
    const rest = path.slice(prefix.length);
    const slash = rest.indexOf('/');
    return `${prefix}${REDACTED}${slash === -1 ? '' : rest.slice(slash)}`;
  }
  return path;
}
