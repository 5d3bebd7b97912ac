/* eslint-disable @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-member-access --
   event data is loose JSON in tests */
/**
 * Test support (imported by tests only): a real app listening on a real port, pointed at the fake
 * model server, and an SSE client reading a real HTTP stream as a browser would.
 */
import { readSseStream } from '#common/sse';
import { createTestApp, signedInUser, type Session, type TestApp, type TestAppOptions } from '#test/helpers';
import type { FakeModelServer } from '#test/fakes/fake-model-server';

/** A test app that listens on 127.0.0.1. */
export type LiveApp = TestApp & { url: string };

/** Starts the app on a free port, with the fake as its model servers: env-1 (openai), env-2 (ollama). */
export async function startLiveApp(
  fake: FakeModelServer | null,
  env: Record<string, string> = {},
  options: TestAppOptions = {},
): Promise<LiveApp> {
  const servers = fake ? `openai=${fake.openaiBaseUrl},ollama=${fake.ollamaBaseUrl}` : '';
  const t = await createTestApp({ HEARTH_MODEL_SERVERS: servers, ...env }, options);
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  const address = t.app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { ...t, url: `http://127.0.0.1:${port}` };
}

/** The model ids the fake's models get through each provider. */
export const MODELS = {
  openai: 'env-1/fake-model',
  ollama: 'env-2/fake-model',
  openaiReasoner: 'env-1/fake-reasoner',
  ollamaReasoner: 'env-2/fake-reasoner',
} as const;

/** One parsed SSE event (data is JSON). */
export type ParsedEvent = { event: string; data: any }; // eslint-disable-line @typescript-eslint/no-explicit-any -- test data

/** A streaming response being read. */
export type SseClient = {
  status: number;
  headers: Headers;
  events: ParsedEvent[];
  /** Resolves with the first event (from the start) matching, or rejects when the stream ends. */
  waitFor(predicate: (e: ParsedEvent) => boolean): Promise<ParsedEvent>;
  /** Resolves with every event once the server ends the stream. */
  ended: Promise<ParsedEvent[]>;
  /** Hangs up, like a closed browser tab. */
  close(): void;
};

/** Sends a request and reads its answer as an event stream. */
export async function sse(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: unknown },
): Promise<SseClient> {
  const controller = new AbortController();
  const res = await fetch(url, {
    method: init.method ?? 'GET',
    headers: { ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}), ...init.headers },
    body: init.body !== undefined ? JSON.stringify(init.body) : null,
    signal: controller.signal,
  });
  const events: ParsedEvent[] = [];
  const waiters: {
    predicate: (e: ParsedEvent) => boolean;
    resolve: (e: ParsedEvent) => void;
    reject: (e: Error) => void;
  }[] = [];
  let finished = false;
  const deliver = (e: ParsedEvent) => {
    events.push(e);
    for (let i = waiters.length - 1; i >= 0; i--) {
      if (waiters[i]!.predicate(e)) waiters.splice(i, 1)[0]!.resolve(e);
    }
  };
  const ended = (async () => {
    try {
      if (!res.body) return events;
      for await (const e of readSseStream(res.body)) deliver({ event: e.event, data: JSON.parse(e.data) });
    } catch {
      // aborted by close()
    } finally {
      finished = true;
      for (const w of waiters.splice(0))
        w.reject(new Error(`stream ended; events: ${events.map((e) => e.event).join(',')}`));
    }
    return events;
  })();
  return {
    status: res.status,
    headers: res.headers,
    events,
    ended,
    waitFor(predicate) {
      const found = events.find(predicate);
      if (found) return Promise.resolve(found);
      if (finished) return Promise.reject(new Error('stream already ended'));
      return new Promise((resolve, reject) => waiters.push({ predicate, resolve, reject }));
    },
    close: () => controller.abort(),
  };
}

/** Headers for a signed-in browser request. */
export const browserHeaders = (s: Session) => ({ cookie: s.cookie, 'x-csrf-token': s.csrfToken });

/** A signed-in user with a fresh conversation. */
export async function userWithConversation(
  t: LiveApp,
  model?: string,
): Promise<{ session: Session; conversationId: string }> {
  const session = await signedInUser(t.app);
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/conversations',
    headers: browserHeaders(session),
    payload: model ? { model } : {},
  });
  if (res.statusCode !== 201) throw new Error(`create conversation: ${res.statusCode} ${res.body}`);
  return { session, conversationId: res.json<{ id: string }>().id };
}

/** Sends a message with stream: true over real HTTP. */
export function sendStreaming(
  t: LiveApp,
  s: Session,
  conversationId: string,
  body: { content: string; model?: string },
) {
  return sse(`${t.url}/api/conversations/${conversationId}/messages`, {
    method: 'POST',
    headers: browserHeaders(s),
    body,
  });
}

/** The text of every delta (or reasoning) event, joined. */
export const joined = (events: ParsedEvent[], kind: 'delta' | 'reasoning' = 'delta') =>
  events
    .filter((e) => e.event === kind)
    .map((e) => e.data.text as string)
    .join('');
