/**
 * The fetch the model-server SDKs use (undici over a keep-alive Agent): answers like fetch,
 * streams the body as it arrives, an abort closes the connection (so a model server stops
 * generating), and a pooled connection the server has closed is not reused.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modelServerFetch } from './fetch';

let server: http.Server;
let base: string;
const closedAt: number[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    if (req.url === '/echo') {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        res.writeHead(201, { 'Content-Type': 'application/json', 'X-Test': 'yes' });
        res.end(JSON.stringify({ method: req.method, body, auth: req.headers.authorization ?? null }));
      });
      return;
    }
    if (req.url === '/moved') {
      res.writeHead(307, { Location: '/echo' });
      res.end();
      return;
    }
    if (req.url === '/slow') {
      res.writeHead(200, { 'Content-Type': 'text/event-stream' });
      res.write('data: one\n\n');
      const timer = setInterval(() => res.write('data: more\n\n'), 20);
      res.on('close', () => {
        clearInterval(timer);
        closedAt.push(performance.now());
      });
      return;
    }
    res.writeHead(404, { 'Content-Type': 'text/plain' });
    res.end('no such thing');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('modelServerFetch', () => {
  it('sends method, headers and body, and reads status, headers and JSON', async () => {
    const res = await modelServerFetch(`${base}/echo`, {
      method: 'POST',
      headers: new Headers({ Authorization: 'Bearer k', 'Content-Type': 'application/json' }),
      body: JSON.stringify({ hello: 'wörld' }),
    });
    expect(res.status).toBe(201);
    expect(res.ok).toBe(true);
    expect(res.headers.get('x-test')).toBe('yes');
    expect(res.url).toBe(`${base}/echo`);
    expect(await res.json()).toEqual({ method: 'POST', body: '{"hello":"wörld"}', auth: 'Bearer k' });
    await expect(res.text()).rejects.toThrow(/already been read/);
  });

  it('follows a redirect with the same method and body, like fetch', async () => {
    const res = await modelServerFetch(`${base}/moved`, { method: 'POST', body: 'same body' });
    expect(res.status).toBe(201);
    expect(res.url).toBe(`${base}/echo`);
    expect(await res.json()).toMatchObject({ method: 'POST', body: 'same body' });
  });

  it('answers an error status as a response, not a rejection', async () => {
    const res = await modelServerFetch(`${base}/missing`);
    expect(res.ok).toBe(false);
    expect(res.status).toBe(404);
    expect(await res.text()).toBe('no such thing');
  });

  it('rejects like fetch when nothing listens, with the socket error as the cause', async () => {
    const gone = http.createServer();
    await new Promise<void>((resolve) => gone.listen(0, '127.0.0.1', resolve));
    const port = (gone.address() as AddressInfo).port;
    await new Promise((resolve) => gone.close(resolve));
    const err = (await modelServerFetch(`http://127.0.0.1:${port}/`).catch((e: unknown) => e)) as TypeError & {
      cause?: { code?: string };
    };
    expect(err).toBeInstanceOf(TypeError);
    expect(err.cause?.code).toBe('ECONNREFUSED');
  });

  it('streams the body as it arrives, and an abort mid-body closes the connection at once', async () => {
    const controller = new AbortController();
    const res = await modelServerFetch(`${base}/slow`, { signal: controller.signal });
    const body = res.body as unknown as AsyncIterable<Uint8Array>;
    const seen: string[] = [];
    const reading = (async () => {
      for await (const chunk of body) {
        seen.push(Buffer.from(chunk).toString('utf8'));
        if (seen.length === 2) controller.abort();
      }
    })();
    await expect(reading).rejects.toMatchObject({ name: 'AbortError' });
    const abortedAt = performance.now();
    expect(seen.join('')).toContain('data: one');
    await expect.poll(() => closedAt.length, { timeout: 1000 }).toBe(1);
    expect(closedAt[0]! - abortedAt).toBeLessThan(250);
  });

  it('rejects at once for a signal that is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(modelServerFetch(`${base}/echo`, { signal: controller.signal })).rejects.toMatchObject({
      name: 'AbortError',
    });
  });
});

/** A server that answers every request and counts them and the connections they came on. */
async function countingServer(afterAnswer: (req: http.IncomingMessage, res: http.ServerResponse) => void = () => {}) {
  const seen = { requests: 0, connections: 0 };
  const counting = http.createServer((req, res) => {
    const nth = ++seen.requests;
    req.resume();
    req.on('end', () => {
      res.end(`answer ${nth}`);
      afterAnswer(req, res);
    });
  });
  counting.on('connection', () => seen.connections++);
  await new Promise<void>((resolve) => counting.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(counting.address() as AddressInfo).port}/`;
  const close = () => {
    counting.closeAllConnections();
    return new Promise((resolve) => counting.close(resolve));
  };
  return { url, seen, close };
}

/** One POST whose body is read to the end, so its connection goes back to the pool. */
async function postAndRead(url: string): Promise<string> {
  const res = await modelServerFetch(url, { method: 'POST', body: '{"n":1}' });
  const text = await res.text();
  // The connection goes back to the pool once the client has seen the end of the reply.
  await new Promise((resolve) => setImmediate(resolve));
  return text;
}

describe('modelServerFetch keep-alive', () => {
  it('sends requests one after another on one pooled connection', async () => {
    const server2 = await countingServer();
    try {
      for (let i = 1; i <= 3; i++) expect(await postAndRead(server2.url)).toBe(`answer ${i}`);
      expect(server2.seen).toEqual({ requests: 3, connections: 1 });
    } finally {
      await server2.close();
    }
  });

  it('does not reuse a pooled connection the server has closed since: the request goes on a new one', async () => {
    // The server closes each connection once it has answered, without saying so in the reply
    // (no `Connection: close`): the client learns it only from the socket, as when a server's
    // idle timeout closes a pooled connection.
    const server2 = await countingServer((req, res) => res.once('finish', () => req.socket.end()));
    try {
      expect(await postAndRead(server2.url)).toBe('answer 1');
      await expect.poll(() => server2.seen.connections).toBe(1);
      await new Promise((resolve) => setTimeout(resolve, 50)); // the close reaches the client
      expect(await postAndRead(server2.url)).toBe('answer 2');
      expect(server2.seen).toEqual({ requests: 2, connections: 2 });
    } finally {
      await server2.close();
    }
  });

  it('fails a request whose connection drops after it was sent, as fetch does (it may have reached the server)', async () => {
    const dropping = http.createServer((req) => {
      req.resume();
      req.on('end', () => req.socket.destroy());
    });
    await new Promise<void>((resolve) => dropping.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(dropping.address() as AddressInfo).port}/`;
      await expect(modelServerFetch(url, { method: 'POST', body: '{}' })).rejects.toBeInstanceOf(TypeError);
    } finally {
      dropping.closeAllConnections();
      await new Promise((resolve) => dropping.close(resolve));
    }
  });
});
