/**
 * Noticing a reverse proxy Hearth was not told about. Without HEARTH_TRUST_PROXY, a request that
 * carries X-Forwarded-For from a loopback or private address almost surely came through a proxy
 * on the home network (nginx, Caddy): then every client has the proxy's address, so per-address
 * limits (sign-in throttling, rate limits) count the whole household as one device and the
 * sessions list shows one address. Seen once, it is logged and shown on the admin's home screen.
 */
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';

/** A peer address on this machine or the home network (IPv4, IPv6, IPv4-mapped IPv6). */
export function isLocalPeer(address: string | undefined): boolean {
  if (!address) return false;
  const ip = address.toLowerCase().replace(/^::ffff:/, '');
  if (ip === '::1' || ip.startsWith('127.')) return true;
  if (ip.startsWith('10.') || ip.startsWith('192.168.')) return true;
  const m = /^172\.(\d+)\./.exec(ip);
  if (m && Number(m[1]) >= 16 && Number(m[1]) <= 31) return true;
  // fc00::/7 (unique local), fe80::/10 (link local)
  return /^f[cd][0-9a-f]{2}:/.test(ip) || /^fe[89ab][0-9a-f]:/.test(ip);
}

/** The one line the log and the admin's home screen show. */
export const UNTRUSTED_PROXY_MESSAGE =
  'Hearth seems to be behind a reverse proxy but HEARTH_TRUST_PROXY is not set: every device looks like one ' +
  'address, so one person’s failed sign-ins slow everyone down. Set HEARTH_TRUST_PROXY to the proxy’s address.';

/** Whether a proxy was noticed, per process. */
export class ProxyCheck {
  private seenAt: string | null = null;

  constructor(
    private readonly trusted: boolean | readonly string[],
    private readonly log: FastifyBaseLogger,
  ) {}

  /** When a forwarded request from a local peer was first seen without trust configured; null if never. */
  get untrustedProxySeenAt(): string | null {
    return this.seenAt;
  }

  /** Looks at one request's peer and headers. */
  observe(peer: string | undefined, forwardedFor: string | string[] | undefined): void {
    if (this.seenAt !== null || this.trusted !== false || forwardedFor === undefined) return;
    if (!isLocalPeer(peer)) return;
    this.seenAt = new Date().toISOString();
    this.log.warn({ peer }, UNTRUSTED_PROXY_MESSAGE);
  }

  /** Warns at start when the setup itself points at a proxy: listening on loopback only. */
  warnAtStart(host: string): void {
    if (this.trusted === false && (host === '127.0.0.1' || host === '::1' || host === 'localhost')) {
      this.log.warn(
        'Hearth listens on this machine only and HEARTH_TRUST_PROXY is not set. If a reverse proxy forwards to it, ' +
          'set HEARTH_TRUST_PROXY, or every device will look like one address.',
      );
    }
  }
}

/** Registers the hook that watches for an untrusted proxy. */
export function registerProxyCheck(app: FastifyInstance, check: ProxyCheck): void {
  app.addHook('onRequest', async (request) => {
    check.observe(request.socket.remoteAddress, request.headers['x-forwarded-for']);
  });
}
