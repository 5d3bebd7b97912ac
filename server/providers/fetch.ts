/**
 * The `fetch` the model-server SDKs are given: undici's, over one keep-alive Agent for every
 * model server.
 *
 * Why undici and not a transport of our own: it is what Node's fetch is built on, maintained,
 * and covers what a model server connection needs (measured against the former node:http
 * transport in docs/performance.md):
 * - an abort (the SDK's signal: stop, first-token timeout) destroys the connection, so the
 *   model server sees it close and stops generating;
 * - redirects are followed as the fetch spec says;
 * - keep-alive: an idle connection is closed ahead of the server's own `Keep-Alive: timeout`
 *   when it names one, and an idle connection is checked for a close that already arrived
 *   before it is reused, so the race of a server closing it just as a request goes out is
 *   avoided rather than retried. A connection that drops after the request went out fails that
 *   request (it may have reached the server).
 *
 * Idle connections to a server that names no keep-alive timeout (Ollama, most HTTPS APIs) are
 * kept 60 s, not undici's 4 s: a household's messages come minutes apart, and a new connection
 * costs a TLS handshake (tens of ms) before the first token of a cloud model.
 * Headers and body timeouts are off: Hearth's own connect and first-token timeouts (the SDK's
 * `timeout`, StreamGuard) decide how long to wait, as they did before.
 */
import { Agent, fetch as undiciFetch } from 'undici';

const agent = new Agent({ keepAliveTimeout: 60_000, headersTimeout: 0, bodyTimeout: 0 });

/** fetch through the shared keep-alive Agent; same arguments and answers as the global fetch. */
export function modelServerFetch(input: string | URL | Request, init: RequestInit = {}): Promise<Response> {
  // undici's own types name the same WHATWG classes as Node's globals; they are one at run time.
  return undiciFetch(input as Parameters<typeof undiciFetch>[0], {
    ...(init as Parameters<typeof undiciFetch>[1]),
    dispatcher: agent,
  }) as unknown as Promise<Response>;
}
