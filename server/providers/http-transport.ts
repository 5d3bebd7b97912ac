/**
 * A `fetch` for the model-server SDKs built on node:http with a keep-alive agent.
 *
 * Why: the global fetch (undici) costs about half a millisecond more per request than node:http
 * and wraps every received chunk in WHATWG stream machinery. A reply's first token waits for
 * all of that, and at a hundred streams the per-chunk cost adds up on the one event loop. The
 * SDKs accept any fetch; they read a streamed body by async iteration when the body supports it
 * (a Node Readable does), so the reply's bytes go from the socket to the SDK's SSE parser
 * directly. What the SDK reads of the response (status, headers, url, ok, text, json, body) is
 * provided; the body is the live IncomingMessage.
 *
 * Stopping: the SDK aborts its signal; the request is destroyed with its socket (never returned
 * to the pool), so the model server sees the connection close and stops generating.
 *
 * Keep-alive race: a server closes an idle connection (Node's after 5 s) just as a new request is
 * written on it. That request is retried once on a new connection (see nodeHttpFetch).
 */
import http from 'node:http';
import https from 'node:https';
import type { IncomingMessage } from 'node:http';

const agents = {
  'http:': new http.Agent({ keepAlive: true, keepAliveMsecs: 1000, maxSockets: 256, maxFreeSockets: 256, scheduling: 'lifo' }),
  'https:': new https.Agent({ keepAlive: true, keepAliveMsecs: 1000, maxSockets: 256, maxFreeSockets: 256, scheduling: 'lifo' }),
};

/** Statuses fetch follows by itself (`redirect: 'follow'`, the default). */
const REDIRECTS: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);

/** The response as the SDKs read it; `body` is a Node stream, which they iterate. */
class NodeResponse {
  readonly ok: boolean;
  readonly status: number;
  readonly statusText: string;
  readonly headers: Headers;
  readonly redirected = false;
  readonly type = 'basic';
  private used = false;

  constructor(
    readonly url: string,
    private readonly message: IncomingMessage,
  ) {
    this.status = message.statusCode ?? 0;
    this.statusText = message.statusMessage ?? '';
    this.ok = this.status >= 200 && this.status < 300;
    const headers = new Headers();
    const raw = message.rawHeaders;
    for (let i = 0; i + 1 < raw.length; i += 2) headers.append(raw[i]!, raw[i + 1]!);
    this.headers = headers;
  }

  get body(): IncomingMessage {
    return this.message;
  }

  get bodyUsed(): boolean {
    return this.used;
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    const bytes = await this.bytes();
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  }

  async bytes(): Promise<Uint8Array> {
    if (this.used) throw new TypeError('Body has already been read');
    this.used = true;
    const chunks: Buffer[] = [];
    for await (const chunk of this.message) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }

  async text(): Promise<string> {
    return Buffer.from(await this.bytes()).toString('utf8');
  }

  async json(): Promise<unknown> {
    return JSON.parse(await this.text()) as unknown;
  }

  async blob(): Promise<Blob> {
    return new Blob([await this.arrayBuffer()], { type: this.headers.get('content-type') ?? '' });
  }
}

/** Headers of a fetch `init` as a plain object for node:http. */
function plainHeaders(init: HeadersInit | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!init) return out;
  if (init instanceof Headers) {
    init.forEach((value, key) => (out[key] = value));
  } else if (Array.isArray(init)) {
    for (const [key, value] of init) out[key.toLowerCase()] = value;
  } else {
    for (const [key, value] of Object.entries(init)) out[key.toLowerCase()] = value;
  }
  return out;
}

/** The body of a fetch `init` as something node:http can write (the SDKs send strings). */
function plainBody(body: BodyInit | null | undefined): string | Buffer | undefined {
  if (body === null || body === undefined) return undefined;
  if (typeof body === 'string') return body;
  if (body instanceof Uint8Array) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  if (body instanceof ArrayBuffer) return Buffer.from(body);
  if (body instanceof URLSearchParams) return body.toString();
  throw new TypeError('This transport sends string and byte bodies only');
}

/**
 * fetch over node:http(s). Answers like fetch: a response for any status, a rejection (TypeError
 * with the socket error as `cause`, or the abort reason) when no response arrives, and a
 * redirect followed (by handing that request to the global fetch).
 */
export async function nodeHttpFetch(input: string | URL | Request, init: RequestInit = {}): Promise<Response> {
  if (input instanceof Request) return fetch(input, init);
  const url = input instanceof URL ? input : new URL(input);
  const agent = agents[url.protocol as keyof typeof agents];
  if (!agent) return fetch(url, init);
  const signal = init.signal ?? undefined;
  signal?.throwIfAborted();
  const headers = plainHeaders(init.headers);
  const body = plainBody(init.body);
  if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
  const request = (url.protocol === 'https:' ? https : http).request;

  return new Promise<Response>((resolve, reject) => {
    /** One attempt; `retried` once a first attempt on a reused socket was reset. */
    const send = (retried: boolean) => {
      let message: IncomingMessage | undefined;
      const req = request(url, { method: init.method ?? 'GET', headers, agent }, (incoming) => {
        if (REDIRECTS.has(incoming.statusCode ?? 0) && incoming.headers.location && init.redirect !== 'manual') {
          // Rare for a model server (an http address that moved to https, say): the platform's
          // fetch follows it as the spec says (methods, bodies, credentials across origins).
          incoming.resume();
          resolve(fetch(url, init));
          return;
        }
        message = incoming;
        resolve(new NodeResponse(url.href, incoming) as unknown as Response);
      });
      // Like fetch: an abort rejects the pending request, or fails the body being read, with the
      // signal's reason; either way the socket is destroyed rather than kept for reuse.
      const onAbort = () => {
        const reason: unknown = signal?.reason;
        const error = reason instanceof Error ? reason : new DOMException('This operation was aborted', 'AbortError');
        message?.destroy(error);
        req.destroy(error);
        reject(error);
      };
      if (signal) {
        signal.addEventListener('abort', onAbort, { once: true });
        req.once('close', () => {
          // The response may still be being read after the request side closes.
          if (!message || message.complete || message.destroyed) signal.removeEventListener('abort', onAbort);
          else message.once('close', () => signal.removeEventListener('abort', onAbort));
        });
      }
      req.once('error', (err: NodeJS.ErrnoException) => {
        // A pooled connection the server closed as it went idle, at the moment it was reused: the
        // request never reached the server, so it is sent once more on a new connection (as
        // browsers do). Only before any response, and never twice.
        if (!retried && !message && req.reusedSocket && isConnectionDrop(err) && !signal?.aborted) {
          send(true);
          return;
        }
        // After an abort, onAbort has already rejected with the reason; this is the socket's own failure.
        reject(new TypeError('fetch failed', { cause: err }));
      });
      req.end(body);
    };
    send(false);
  });
}

/** The errors of a connection that the other side closed before it answered. */
function isConnectionDrop(err: NodeJS.ErrnoException): boolean {
  return err.code === 'ECONNRESET' || err.code === 'EPIPE';
}
