/**
 * HTTPS on the home network without an outside service (`HEARTH_TLS=auto`). Passkeys,
 * notifications, the service worker, installing the app and clipboard copy all need a secure
 * context, and a family opens `http://192.168.x.x`. So Hearth makes a small certificate
 * authority of its own, once, and with it a certificate for every name and address the server
 * answers on; each device trusts the CA once (the steps are on the `/tls` page).
 *
 * Files, in `<data dir>/tls/` (mode 0600 for the keys): `ca.crt` + `ca.key` (the household's CA,
 * ten years), `server.crt` + `server.key` (397 days: what Apple devices accept, re-issued a month
 * before it ends or when the server's names or addresses change).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import selfsigned from 'selfsigned';

/** PEM key and certificate, as `https.createServer` takes them; `caCert` for the trust page. */
export type LocalTls = { key: string; cert: string; caCert: string; caFingerprint: string; names: string[] };

const CA_YEARS = 10;
const SERVER_DAYS = 397;
const RENEW_BEFORE_DAYS = 30;

/** Every name and address a device on the home network may use for this machine. */
export function localNames(): string[] {
  const host = os.hostname().toLowerCase();
  const names = new Set(['localhost', host, `${host.split('.')[0]}.local`, '127.0.0.1', '::1']);
  for (const addresses of Object.values(os.networkInterfaces())) {
    for (const a of addresses ?? []) if (!a.internal && !a.address.startsWith('fe80:')) names.add(a.address);
  }
  return [...names];
}

const isIp = (name: string) => /^\d{1,3}(\.\d{1,3}){3}$/.test(name) || name.includes(':');

function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * 86_400_000);
}

function writeSecret(file: string, data: string): void {
  fs.writeFileSync(file, data, { mode: 0o600 });
  fs.chmodSync(file, 0o600);
}

/** One spelling per name: lower case, and IPv6 written out in full (as X509Certificate prints it). */
function canonicalName(name: string): string {
  const lower = name.toLowerCase();
  if (!lower.includes(':')) return lower;
  const [head = '', tail = ''] = lower.split('::');
  const left = head ? head.split(':') : [];
  const right = lower.includes('::') ? (tail ? tail.split(':') : []) : [];
  const groups = lower.includes('::')
    ? [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right]
    : left;
  return groups.map((g) => parseInt(g, 16).toString(16)).join(':');
}

/** The names a certificate covers (its subjectAltName), in canonical spelling. */
function coveredNames(cert: crypto.X509Certificate): Set<string> {
  return new Set(
    (cert.subjectAltName ?? '')
      .split(', ')
      .map((entry) => canonicalName(entry.replace(/^(DNS|IP Address):/, '')))
      .filter(Boolean),
  );
}

async function makeCa(dir: string): Promise<{ key: string; cert: string }> {
  const now = new Date();
  const pems = await selfsigned.generate([{ name: 'commonName', value: `Hearth home CA (${os.hostname()})` }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: addDays(now, -1),
    notAfterDate: addDays(now, 365 * CA_YEARS),
    extensions: [
      { name: 'basicConstraints', cA: true, pathLenConstraint: 0, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    ],
  });
  writeSecret(path.join(dir, 'ca.key'), pems.private);
  fs.writeFileSync(path.join(dir, 'ca.crt'), pems.cert);
  return { key: pems.private, cert: pems.cert };
}

async function makeServerCert(dir: string, ca: { key: string; cert: string }, names: string[]): Promise<void> {
  const now = new Date();
  const pems = await selfsigned.generate([{ name: 'commonName', value: names.find((n) => !isIp(n)) ?? 'localhost' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: addDays(now, -1),
    notAfterDate: addDays(now, SERVER_DAYS),
    ca,
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: names.map((n) => (isIp(n) ? { type: 7 as const, ip: n } : { type: 2 as const, value: n })),
      },
    ],
  });
  writeSecret(path.join(dir, 'server.key'), pems.private);
  fs.writeFileSync(path.join(dir, 'server.crt'), pems.cert);
}

/**
 * The household CA and a server certificate for `names` (default: this machine's), made on
 * first use and kept in `<dataDir>/tls/`; the server certificate is re-issued when it nears its
 * end or no longer covers every name.
 */
export async function ensureLocalTls(dataDir: string, names: string[] = localNames()): Promise<LocalTls> {
  const dir = path.join(dataDir, 'tls');
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = (name: string) => path.join(dir, name);

  const ca =
    fs.existsSync(file('ca.key')) && fs.existsSync(file('ca.crt'))
      ? { key: fs.readFileSync(file('ca.key'), 'utf8'), cert: fs.readFileSync(file('ca.crt'), 'utf8') }
      : await makeCa(dir);

  const current = fs.existsSync(file('server.crt'))
    ? new crypto.X509Certificate(fs.readFileSync(file('server.crt')))
    : null;
  const caCert = new crypto.X509Certificate(ca.cert);
  const stillGood =
    current !== null &&
    fs.existsSync(file('server.key')) &&
    current.verify(caCert.publicKey) &&
    new Date(current.validTo).getTime() > addDays(new Date(), RENEW_BEFORE_DAYS).getTime() &&
    names.every((n) => coveredNames(current).has(canonicalName(n)));
  if (!stillGood) await makeServerCert(dir, ca, names);

  return {
    key: fs.readFileSync(file('server.key'), 'utf8'),
    cert: fs.readFileSync(file('server.crt'), 'utf8'),
    caCert: ca.cert,
    caFingerprint: caCert.fingerprint256,
    names,
  };
}
