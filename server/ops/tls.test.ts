/**
 * HEARTH_TLS=auto: the household CA and the server certificate (real X.509, checked with
 * node:crypto), and a real server answering HTTPS that a client trusting only that CA verifies,
 * with the plain-HTTP port redirecting and serving the trust page.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '#server/config';
import { startServer, type RunningServer } from '#server/main';
import { createUser } from '#test/helpers';
import { ensureLocalTls } from './tls';

const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-tls-'));

describe('the local certificate authority', () => {
  it('makes a CA and a server certificate it signed, for every name given', async () => {
    const dir = tempDir();
    const tls = await ensureLocalTls(dir, ['localhost', 'hearth.local', '127.0.0.1', '::1', '192.168.1.20']);
    const ca = new crypto.X509Certificate(tls.caCert);
    const cert = new crypto.X509Certificate(tls.cert);
    expect(ca.ca).toBe(true);
    expect(cert.ca).toBe(false);
    expect(cert.verify(ca.publicKey)).toBe(true);
    expect(cert.checkIssued(ca)).toBe(true);
    expect(cert.checkHost('hearth.local')).toBe('hearth.local');
    expect(cert.checkIP('192.168.1.20')).toBe('192.168.1.20');
    expect(cert.checkIP('::1')).toBe('::1');
    expect(cert.checkHost('elsewhere.example')).toBeUndefined();
    // At most 397 days: what Apple devices accept for a certificate.
    const days = (Date.parse(cert.validTo) - Date.parse(cert.validFrom)) / 86_400_000;
    expect(days).toBeLessThanOrEqual(398);
    expect(tls.caFingerprint).toBe(ca.fingerprint256);
    for (const key of ['ca.key', 'server.key']) {
      expect(fs.statSync(path.join(dir, 'tls', key)).mode & 0o777).toBe(0o600);
    }
  });

  it('keeps the same certificates on the next start, and re-issues only the server’s for a new address', async () => {
    const dir = tempDir();
    const names = ['localhost', '127.0.0.1'];
    const first = await ensureLocalTls(dir, names);
    const again = await ensureLocalTls(dir, names);
    expect(again.cert).toBe(first.cert);
    expect(again.caCert).toBe(first.caCert);

    const moved = await ensureLocalTls(dir, [...names, '10.0.0.7']);
    expect(moved.caCert).toBe(first.caCert); // devices that trust the CA keep trusting Hearth
    expect(moved.cert).not.toBe(first.cert);
    expect(new crypto.X509Certificate(moved.cert).checkIP('10.0.0.7')).toBe('10.0.0.7');
  });
});

type Reply = { status: number; headers: http.IncomingHttpHeaders; body: string };

function request(url: string, options: https.RequestOptions & { body?: string } = {}): Promise<Reply> {
  const client = url.startsWith('https:') ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.request(url, options, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

describe('a server with HEARTH_TLS=auto', () => {
  let server: RunningServer;
  let dataDir: string;
  let ca: string;

  beforeAll(async () => {
    dataDir = tempDir();
    server = await startServer(
      loadConfig({
        HEARTH_HOST: '127.0.0.1',
        HEARTH_PORT: '0',
        HEARTH_TLS: 'auto',
        HEARTH_TLS_PORT: '0',
        HEARTH_DATA_DIR: dataDir,
        HEARTH_MODEL_SERVERS: '',
        HEARTH_PROBE_DEFAULT_SERVERS: '0',
        HEARTH_LOG_LEVEL: 'silent',
      }),
      { quiet: true },
    );
    ca = fs.readFileSync(path.join(dataDir, 'tls', 'ca.crt'), 'utf8');
  });
  afterAll(async () => {
    await server?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers HTTPS that a device trusting the household CA verifies', async () => {
    expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const res = await request(`${server.url}/healthz`, { ca });
    expect(res.status).toBe(200);
  });

  it('is refused by a device that does not trust the CA yet', async () => {
    await expect(request(`${server.url}/healthz`)).rejects.toThrow(/self[- ]signed|unable to verify|certificate/i);
  });

  it('the sign-in cookie is Secure over HTTPS', async () => {
    const { password } = await createUser(server.app, { username: 'grace' });
    const res = await request(`${server.url}/api/auth/login`, {
      ca,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'grace', password }),
    });
    expect(res.status).toBe(200);
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/^__Host-/);
    expect(cookie).toMatch(/;\s*Secure/i);
  });

  it('the plain-HTTP port redirects every page to the same one over HTTPS', async () => {
    expect(server.httpUrl).toBeDefined();
    const tlsPort = new URL(server.url).port;
    const res = await request(`${server.httpUrl}/c/abc?focus=1`, { headers: { host: `127.0.0.1:1234` } });
    expect(res.status).toBe(308);
    expect(res.headers.location).toBe(`https://127.0.0.1:${tlsPort}/c/abc?focus=1`);
    const api = await request(`${server.httpUrl}/api/auth/me`);
    expect(api.status).toBe(308); // nothing but the trust page is answered over plain HTTP
  });

  it('serves the trust page and the CA certificate over plain HTTP, before the device trusts it', async () => {
    const page = await request(`${server.httpUrl}/tls`);
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    for (const device of ['Android', 'iPhone', 'Windows', 'macOS']) expect(page.body).toContain(device);
    expect(page.body).toContain(new crypto.X509Certificate(ca).fingerprint256);

    const file = await request(`${server.httpUrl}/tls/ca.crt`);
    expect(file.status).toBe(200);
    expect(file.headers['content-type']).toBe('application/x-x509-ca-cert');
    expect(file.headers['content-disposition']).toContain('attachment');
    expect(file.body).toBe(ca);
    // Never the private key, whatever the path.
    const key = await request(`${server.httpUrl}/tls/ca.key`);
    expect(key.status).toBe(308);
  });

  it('the trust page is on the HTTPS side too, linking to the address it was opened by', async () => {
    const page = await request(`${server.url}/tls`, { ca });
    expect(page.status).toBe(200);
    expect(page.body).toContain(`href="${server.url}"`);
  });
});
