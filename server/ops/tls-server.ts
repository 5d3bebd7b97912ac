/**
 * With `HEARTH_TLS=auto` Hearth answers HTTPS on `HEARTH_TLS_PORT`, and this small plain-HTTP
 * server keeps `HEARTH_PORT`: old bookmarks (`http://192.168.1.20:8000`) are redirected to the
 * same page over HTTPS, and the trust page and the CA certificate stay reachable before a device
 * trusts Hearth. It serves nothing else: no API, no app, no cookies.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { httpsOrigin, tlsPageResponse } from './tls-page';

/** The redirecting server, listening. */
export type HttpRedirect = { port: number; close: () => Promise<void> };

/** Listens on `host:port` and redirects to HTTPS on `tlsPort`. */
export async function startHttpRedirect(options: {
  host: string;
  port: number;
  tlsPort: number;
  dataDir: string;
}): Promise<HttpRedirect> {
  const server = http.createServer((req, res) => {
    const origin = httpsOrigin(req.headers.host, options.tlsPort);
    const url = new URL(req.url ?? '/', 'http://placeholder');
    const page =
      req.method === 'GET' || req.method === 'HEAD' ? tlsPageResponse(url.pathname, options.dataDir, origin) : null;
    if (page) {
      res.writeHead(page.status, {
        'Content-Type': page.type,
        'Cache-Control': 'no-cache',
        'X-Content-Type-Options': 'nosniff',
        'Content-Security-Policy': "default-src 'none'; style-src 'self'",
        ...page.headers,
      });
      res.end(req.method === 'HEAD' ? undefined : page.body);
      return;
    }
    // 308 keeps the method and body, so even a form post lands on the HTTPS side unchanged.
    res.writeHead(308, { Location: `${origin}${url.pathname}${url.search}`, 'Cache-Control': 'no-cache' });
    res.end();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
