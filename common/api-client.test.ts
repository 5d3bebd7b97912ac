import { describe, it, expect } from 'vitest';
import { ApiError, createApiClient } from './api-client';

type Seen = { url: string; method: string; headers: Record<string, string>; body?: string };

/** A fetch that records requests and answers with the given Response. */
const recorder = (answer: () => Response) => {
  const seen: Seen[] = [];
  const fetch: typeof globalThis.fetch = async (input, init) => {
    seen.push({
      url: typeof input === 'string' ? input : input instanceof URL ? input.href : input.url,
      method: init?.method ?? 'GET',
      headers: (init?.headers ?? {}) as Record<string, string>,
      body: init?.body as string | undefined,
    });
    return answer();
  };
  return { seen, fetch };
};

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

const message = {
  id: 'm2',
  conversationId: 'c1',
  parentId: 'm1',
  role: 'assistant',
  content: '',
  status: 'streaming',
  createdAt: '2025-01-01T00:00:00.000Z',
  updatedAt: '2025-01-01T00:00:00.000Z',
};

describe('api client', () => {
  it('sends the CSRF token on unsafe methods only, and query strings without empty values', async () => {
    const page = { items: [], nextCursor: null };
    const { seen, fetch } = recorder(() => json(200, page));
    const api = createApiClient({ fetch, getCsrfToken: () => 'tok', baseUrl: 'http://h:1/' });
    await api.listConversations({ limit: 20, q: '' });
    expect(seen[0]!.url).toBe('http://h:1/api/conversations?limit=20');
    expect(seen[0]!.headers['X-CSRF-Token']).toBeUndefined();

    const r2 = recorder(() => new Response(null, { status: 204 }));
    const api2 = createApiClient({ fetch: r2.fetch, getCsrfToken: () => 'tok' });
    await api2.deleteConversation('a/b');
    expect(r2.seen[0]).toMatchObject({ url: '/api/conversations/a%2Fb', method: 'DELETE' });
    expect(r2.seen[0]!.headers['X-CSRF-Token']).toBe('tok');
  });

  it('throws ApiError from the error envelope, with field and Retry-After', async () => {
    const { fetch } = recorder(() =>
      json(
        429,
        { error: { code: 'rate_limited', message: 'Too many attempts.', field: 'password' } },
        { 'retry-after': '30' },
      ),
    );
    const err = await createApiClient({ fetch })
      .login({ username: 'a', password: 'b' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ code: 'rate_limited', status: 429, field: 'password', retryAfter: 30 });
  });

  it('maps a non-JSON failure to a code from its status, and a refused connection to network_error', async () => {
    const bad = createApiClient({ fetch: async () => new Response('<html>', { status: 503 }) });
    await expect(bad.me()).rejects.toMatchObject({ code: 'model_unavailable', status: 503 });
    const down = createApiClient({
      fetch: async () => {
        throw new TypeError('fetch failed');
      },
    });
    await expect(down.me()).rejects.toMatchObject({ code: 'network_error', status: 0 });
  });

  it('rejects a reply that does not match the contract', async () => {
    const { fetch } = recorder(() => json(200, { user: { id: 1 } }));
    await expect(createApiClient({ fetch }).me()).rejects.toMatchObject({ code: 'bad_response' });
  });

  it('streams typed generation events and skips unknown ones', async () => {
    const body =
      `event: start\ndata: ${JSON.stringify({ message })}\n\n` +
      `: keep-alive\n\nevent: future-thing\ndata: {}\n\n` +
      `event: delta\ndata: {"text":"Hi"}\n\n` +
      `event: done\ndata: ${JSON.stringify({ message: { ...message, content: 'Hi', status: 'complete' } })}\n\n`;
    const { seen, fetch } = recorder(
      () => new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } }),
    );
    const api = createApiClient({ fetch, bearerToken: 'secret' });
    const events = [];
    for await (const e of api.streamMessage('c1', { content: 'hello' })) events.push(e);
    expect(events.map((e) => e.event)).toEqual(['start', 'delta', 'done']);
    expect(events[1]).toEqual({ event: 'delta', data: { text: 'Hi' } });
    expect(JSON.parse(seen[0]!.body!)).toEqual({ content: 'hello', stream: true });
    expect(seen[0]!.headers.Authorization).toBe('Bearer secret');
    expect(seen[0]!.headers.Accept).toBe('text/event-stream');
  });

  it('throws the error envelope of a stream request that is refused before streaming', async () => {
    const { fetch } = recorder(() =>
      json(503, { error: { code: 'model_unavailable', message: 'LM Studio is not reachable.' } }),
    );
    const it = createApiClient({ fetch }).streamMessage('c1', { content: 'x' });
    await expect(it.next()).rejects.toMatchObject({
      code: 'model_unavailable',
      message: 'LM Studio is not reachable.',
    });
  });
});
