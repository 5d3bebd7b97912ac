/**
 * Compressed responses (issue 15, first load): the web app's files go out as the build's
 * precompressed copies, API JSON is compressed per request, and a streamed reply never is (a
 * compressor would hold its bytes back). Needs dist/web (`npm run build`, which `npm install` runs).
 */
import fs from 'node:fs';
import http from 'node:http';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeModelServer, type FakeModelServer } from '#test/fakes/fake-model-server';
import {
  browserHeaders,
  MODELS,
  startLiveApp,
  userWithConversation,
  type LiveApp,
} from '#server/generation/test-support';

const webRoot = new URL('../../dist/web/', import.meta.url);

type RawReply = { status: number; headers: http.IncomingHttpHeaders; body: Buffer };

/** A request with exactly the headers given (fetch would add and undo its own Accept-Encoding). */
function raw(url: string, headers: Record<string, string>, body?: unknown): Promise<RawReply> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request(
      url,
      {
        method: payload ? 'POST' : 'GET',
        headers: payload ? { ...headers, 'content-type': 'application/json' } : headers,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

let fake: FakeModelServer;
let t: LiveApp;
let mainScript: string;

beforeAll(async () => {
  if (!fs.existsSync(new URL('index.html', webRoot))) throw new Error('dist/web is not built: run `npm run build`');
  mainScript = /<script type="module" crossorigin src="([^"]+)"/.exec(
    fs.readFileSync(new URL('index.html', webRoot), 'utf8'),
  )![1]!;
  fake = await startFakeModelServer();
  t = await startLiveApp(fake);
});
afterAll(async () => {
  await t.close();
  await fake.close();
});

describe('the web app files', () => {
  it('are sent as the build’s brotli copy to a browser that takes brotli', async () => {
    const res = await raw(`${t.url}${mainScript}`, { 'accept-encoding': 'gzip, deflate, br' });
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(res.body.equals(fs.readFileSync(new URL(`.${mainScript}.br`, webRoot)))).toBe(true);
    expect(res.headers['cache-control']).toContain('immutable');
  });

  it('as the gzip copy to one that takes only gzip, and as they are to one that takes neither', async () => {
    const gz = await raw(`${t.url}${mainScript}`, { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    const plain = await raw(`${t.url}${mainScript}`, {});
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(zlib.gunzipSync(gz.body).equals(plain.body)).toBe(true);
    expect(plain.body.equals(fs.readFileSync(new URL(`.${mainScript}`, webRoot)))).toBe(true);
  });

  it('the app page itself is compressed too', async () => {
    const res = await raw(`${t.url}/login`, { 'accept-encoding': 'br' });
    expect(res.headers['content-type']).toMatch(/text\/html/);
    // index.html is small; whether it crosses the 1 KB threshold decides, so check the answer decodes.
    const html = res.headers['content-encoding'] === 'br' ? zlib.brotliDecompressSync(res.body) : res.body;
    expect(html.toString()).toContain('<div id="root">');
  });
});

describe('API replies', () => {
  it('JSON is compressed per request with the encoding the client prefers', async () => {
    const plain = await raw(`${t.url}/api/docs/json`, {});
    expect(plain.status).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    const br = await raw(`${t.url}/api/docs/json`, { 'accept-encoding': 'br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.body.length).toBeLessThan(plain.body.length / 3);
    expect(zlib.brotliDecompressSync(br.body).equals(plain.body)).toBe(true);
    const gz = await raw(`${t.url}/api/docs/json`, { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
  });

  it('a streamed reply (text/event-stream) is never compressed', async () => {
    const { session, conversationId } = await userWithConversation(t, MODELS.openai);
    fake.enqueue({ reply: 'word '.repeat(400), tokenIntervalMs: 0 });
    const res = await raw(
      `${t.url}/api/conversations/${conversationId}/messages`,
      { ...browserHeaders(session), 'accept-encoding': 'gzip, deflate, br' },
      { content: 'A long answer, please.' },
    );
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('text/event-stream');
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.body.toString()).toContain('event: done');
  });
});
