/**
 * The node:http fetch the OpenAI SDK uses: answers like fetch for what the SDK reads, streams
 * the body as it arrives, and an abort closes the socket (so a model server stops generating).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeHttpFetch } from './http-transport';

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

describe('nodeHttpFetch', () => {
  it('sends method, headers and body, and reads status, headers and JSON', async () => {
    const res = await nodeHttpFetch(`${base}/echo`, {
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
    const res = await nodeHttpFetch(`${base}/moved`, { method: 'POST', body: 'same body' });
    expect(res.status).toBe(201);
    expect(res.url).toBe(`${base}/echo`);
    expect(await res.json()).toMatchObject({ method: 'POST', body: 'same body' });
  });

  it('answers an error status as a response, not a rejection', async () => {
    const res = await nodeHttpFetch(`${base}/missing`);
    expect(res.ok).toBe(false);
    expect(res.status).toBe(404);
    expect(await res.text()).toBe('no such thing');
  });

  it('rejects like fetch when nothing listens, with the socket error as the cause', async () => {
    const gone = http.createServer();
    await new Promise<void>((resolve) => gone.listen(0, '127.0.0.1', resolve));
    const port = (gone.address() as AddressInfo).port;
    await new Promise((resolve) => gone.close(resolve));
    const err = (await nodeHttpFetch(`http://127.0.0.1:${port}/`).catch((e: unknown) => e)) as TypeError & { cause?: { code?: string } };
    expect(err).toBeInstanceOf(TypeError);
    expect(err.cause?.code).toBe('ECONNREFUSED');
  });

  it('streams the body as it arrives, and an abort mid-body closes the connection at once', async () => {
    const controller = new AbortController();
    const res = await nodeHttpFetch(`${base}/slow`, { signal: controller.signal });
    const body = res.body as unknown as AsyncIterable<Buffer>;
    const seen: string[] = [];
    const reading = (async () => {
      for await (const chunk of body) {
        seen.push(chunk.toString('utf8'));
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
    await expect(nodeHttpFetch(`${base}/echo`, { signal: controller.signal })).rejects.toMatchObject({ name: 'AbortError' });
  });
});

/**
 * A server that closes a connection, without answering, on the request that `drops` picks
 * (by how many requests that connection has carried): the keep-alive race, made to happen.
 */
async function droppingServer(drops: (nthOnConnection: number) => boolean) {
  const seen = { requests: 0, connections: 0 };
  const perSocket = new WeakMap<object, number>();
  const dropping = http.createServer((req, res) => {
    seen.requests++;
    const nth = (perSocket.get(req.socket) ?? 0) + 1;
    perSocket.set(req.socket, nth);
    req.resume();
    req.on('end', () => {
      if (drops(nth)) req.socket.destroy();
      else res.end(`answered request ${nth} of its connection`);
    });
  });
  dropping.on('connection', () => seen.connections++);
  await new Promise<void>((resolve) => dropping.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(dropping.address() as AddressInfo).port}/`;
  const close = () => {
    dropping.closeAllConnections();
    return new Promise((resolve) => dropping.close(resolve));
  };
  return { url, seen, close };
}

/** One POST whose body is read to the end, so its connection goes back to the pool. */
async function postAndRead(url: string): Promise<string> {
  const res = await nodeHttpFetch(url, { method: 'POST', body: '{"n":1}' });
  const text = await res.text();
  await new Promise((resolve) => setImmediate(resolve));
  return text;
}

describe('nodeHttpFetch on a pooled connection the server has just closed', () => {
  it('sends the request again, once, on a new connection', async () => {
    const server2 = await droppingServer((nth) => nth === 2);
    try {
      expect(await postAndRead(server2.url)).toBe('answered request 1 of its connection');
      // Reuses the pooled connection, which the server closes: answered on a new one.
      expect(await postAndRead(server2.url)).toBe('answered request 1 of its connection');
      expect(server2.seen).toEqual({ requests: 3, connections: 2 });
    } finally {
      await server2.close();
    }
  });

  it('gives up after that one retry, and never retries on a new connection', async () => {
    const server2 = await droppingServer((nth) => nth >= 2 || server2.seen.connections > 1);
    try {
      await postAndRead(server2.url);
      // Reused connection dropped, then the new connection dropped too: one retry only.
      await expect(nodeHttpFetch(server2.url, { method: 'POST', body: '{}' })).rejects.toMatchObject({
        name: 'TypeError',
        cause: { code: 'ECONNRESET' },
      });
      expect(server2.seen).toEqual({ requests: 3, connections: 2 });
      // A new connection dropped on its first request: not retried.
      await expect(nodeHttpFetch(server2.url, { method: 'POST', body: '{}' })).rejects.toBeInstanceOf(TypeError);
      expect(server2.seen).toEqual({ requests: 4, connections: 3 });
    } finally {
      await server2.close();
    }
  });
});
