/**
 * The "trust Hearth on this device" page (`/tls`) and the CA certificate download
 * (`/tls/ca.crt`), served on the plain-HTTP port (a device must reach them before it trusts the
 * certificate) and on the HTTPS one. Plain HTML and a small stylesheet of its own: the page must
 * work before the app does, with no script at all.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** Where the household CA certificate is kept (tls.ts writes it). */
export const caCertPath = (dataDir: string) => path.join(dataDir, 'tls', 'ca.crt');

const escape = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The page's stylesheet (`/tls/style.css`). */
export const TLS_PAGE_CSS = `body{font:16px/1.5 system-ui,sans-serif;max-width:42rem;margin:2rem auto;padding:0 1rem;color:#1c1917;background:#fff7ed}
h1{font-size:1.5rem}h2{font-size:1.1rem;margin-top:1.5rem}a.button{display:inline-block;background:#c2410c;color:#fff;padding:.6rem 1rem;border-radius:.5rem;text-decoration:none}
code{background:#ffedd5;padding:0 .25rem;border-radius:.25rem;word-break:break-all}ol{padding-left:1.25rem}
@media (prefers-color-scheme:dark){body{background:#1c1917;color:#f5f5f4}code{background:#44403c}}`;

/** The page, for a server answering HTTPS at `httpsUrl`; `fingerprint` lets a careful reader check the file. */
export function tlsPageHtml(httpsUrl: string, fingerprint: string): string {
  const url = escape(httpsUrl);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Trust Hearth on this device</title><link rel="stylesheet" href="/tls/style.css"></head>
<body>
<h1>Trust Hearth on this device</h1>
<p>Hearth uses its own certificate so that your connection to it is private and features like
passkeys, notifications and installing the app work. Each phone, tablet or computer needs to
trust it once.</p>
<p><a class="button" href="/tls/ca.crt" download="hearth-home-ca.crt">Download Hearth's certificate</a></p>
<p>Then follow the steps for your device below, and open <a href="${url}">${url}</a>.</p>
<h2>Android</h2>
<ol><li>Open the downloaded file, or go to <b>Settings → Security → More security settings → Install from device storage → CA certificate</b>.</li>
<li>Choose <b>Install anyway</b> and pick <code>hearth-home-ca.crt</code>.</li></ol>
<h2>iPhone and iPad</h2>
<ol><li>Open this page in <b>Safari</b> and download the certificate; allow the profile download.</li>
<li>Go to <b>Settings → General → VPN &amp; Device Management</b>, tap the Hearth profile and <b>Install</b>.</li>
<li>Go to <b>Settings → General → About → Certificate Trust Settings</b> and turn on full trust for “Hearth home CA”.</li></ol>
<h2>Windows</h2>
<ol><li>Double-click the downloaded file and choose <b>Install Certificate…</b></li>
<li>Choose <b>Current User</b>, then <b>Place all certificates in the following store → Trusted Root Certification Authorities</b>, and finish.</li>
<li>Restart the browser.</li></ol>
<h2>macOS</h2>
<ol><li>Double-click the downloaded file; it opens in <b>Keychain Access</b> (add it to the <b>login</b> keychain).</li>
<li>Double-click “Hearth home CA”, open <b>Trust</b>, and set <b>When using this certificate</b> to <b>Always Trust</b>.</li></ol>
<h2>Firefox (any system)</h2>
<ol><li>Settings → Privacy &amp; Security → Certificates → <b>View Certificates… → Authorities → Import…</b>, pick the file and tick <b>Trust this CA to identify websites</b>.</li></ol>
<p>To check the file: its SHA-256 fingerprint is <code>${escape(fingerprint)}</code>.</p>
</body></html>
`;
}

/** Reads the CA certificate, or null when TLS has never been set up in this data dir. */
export function readCaCert(dataDir: string): string | null {
  try {
    return fs.readFileSync(caCertPath(dataDir), 'utf8');
  } catch {
    return null;
  }
}

/** The https origin for a request that arrived with `hostHeader` (any port replaced by `tlsPort`). */
export function httpsOrigin(hostHeader: string | undefined, tlsPort: number): string {
  const host = hostHeader ?? 'localhost';
  const name = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.split(':')[0]!;
  return tlsPort === 443 ? `https://${name}` : `https://${name}:${tlsPort}`;
}

/** What `/tls`, `/tls/ca.crt` and `/tls/style.css` answer: status, headers and body; null for other paths. */
export function tlsPageResponse(
  pathname: string,
  dataDir: string,
  httpsUrl: string,
): { status: number; type: string; body: string; headers?: Record<string, string> } | null {
  if (pathname === '/tls/style.css') return { status: 200, type: 'text/css; charset=utf-8', body: TLS_PAGE_CSS };
  if (pathname !== '/tls' && pathname !== '/tls/' && pathname !== '/tls/ca.crt') return null;
  const ca = readCaCert(dataDir);
  if (!ca) return { status: 404, type: 'text/plain; charset=utf-8', body: 'HTTPS is not set up on this Hearth.' };
  if (pathname === '/tls/ca.crt') {
    return {
      status: 200,
      type: 'application/x-x509-ca-cert',
      body: ca,
      headers: { 'Content-Disposition': 'attachment; filename="hearth-home-ca.crt"' },
    };
  }
  const fingerprint = new crypto.X509Certificate(ca).fingerprint256;
  return { status: 200, type: 'text/html; charset=utf-8', body: tlsPageHtml(httpsUrl, fingerprint) };
}
