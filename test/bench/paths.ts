/**
 * The two measured paths, built on the same raw client (sse-client.ts): straight to the fake
 * model server's OpenAI endpoint, and through Hearth's conversation API as the web app uses it.
 */
import http from 'node:http';
import { timedStream, type EventKind, type SseEvent, type StreamTiming } from './sse-client';

/** A signed-in Hearth user: the session cookie and the CSRF token for unsafe requests. */
export type Session = { username: string; cookie: string; csrfToken: string };

type JsonReply = { status: number; headers: http.IncomingHttpHeaders; body: unknown };

/** A small JSON request for the untimed setup steps (sign-in, models, new conversations). */
export function requestJson(
  agent: http.Agent,
  method: string,
  url: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<JsonReply> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(url, {
      method,
      agent,
      headers:
        payload === undefined
          ? headers
          : { ...headers, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)) },
      timeout: 30_000,
    });
    req.on('timeout', () => req.destroy(new Error(`${method} ${url} timed out`)));
    req.on('error', reject);
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('error', reject);
      res.on('end', () => {
        let parsed: unknown = text;
        try {
          parsed = text ? JSON.parse(text) : undefined;
        } catch {
          // not JSON: keep the text for the error message
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: parsed });
      });
    });
    req.end(payload);
  });
}

function expectStatus(reply: JsonReply, status: number, what: string): void {
  if (reply.status !== status)
    throw new Error(`${what}: expected ${status}, got ${reply.status} ${JSON.stringify(reply.body).slice(0, 300)}`);
}

/** Signs in through POST /api/auth/login, as the web app does. */
export async function login(agent: http.Agent, baseUrl: string, username: string, password: string): Promise<Session> {
  const reply = await requestJson(agent, 'POST', `${baseUrl}/api/auth/login`, { username, password });
  expectStatus(reply, 200, `sign-in of ${username}`);
  const cookie = (reply.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]!).join('; ');
  const { csrfToken } = reply.body as { csrfToken: string };
  if (!cookie || !csrfToken) throw new Error(`sign-in of ${username} gave no session cookie or CSRF token`);
  return { username, cookie, csrfToken };
}

const unsafe = (s: Session) => ({ cookie: s.cookie, 'x-csrf-token': s.csrfToken });

/** The Hearth model id (`env-1/<name>`) of the fake's model `name`, as GET /api/models lists it. */
export async function hearthModelId(
  agent: http.Agent,
  baseUrl: string,
  session: Session,
  name: string,
): Promise<string> {
  const reply = await requestJson(agent, 'GET', `${baseUrl}/api/models`, undefined, { cookie: session.cookie });
  expectStatus(reply, 200, 'GET /api/models');
  const items = (reply.body as { items: { id: string; name: string; available?: boolean }[] }).items;
  const model = items.find((m) => m.name === name || m.id.endsWith(`/${name}`));
  if (!model)
    throw new Error(`Hearth lists no model "${name}" (it lists: ${items.map((m) => m.id).join(', ') || 'none'})`);
  return model.id;
}

/** A new conversation (untimed setup); the title is given so no title request reaches the fake. */
export async function newConversation(
  agent: http.Agent,
  baseUrl: string,
  session: Session,
  model: string,
): Promise<string> {
  const reply = await requestJson(
    agent,
    'POST',
    `${baseUrl}/api/conversations`,
    { model, title: 'bench' },
    unsafe(session),
  );
  expectStatus(reply, 201, 'POST /api/conversations');
  return (reply.body as { id: string }).id;
}

/** Through Hearth: tokens are `delta` events; the stream ends with `done` (status complete). */
export function classifyHearth(event: SseEvent): EventKind {
  switch (event.event) {
    case 'delta':
      return { kind: 'token', text: (JSON.parse(event.data) as { text: string }).text };
    case 'done': {
      const { message } = JSON.parse(event.data) as { message: { status: string } };
      if (message.status !== 'complete') throw new Error(`Hearth finished a reply with status ${message.status}`);
      return { kind: 'end' };
    }
    case 'error':
      throw new Error(`Hearth stream error: ${event.data.slice(0, 300)}`);
    default:
      return { kind: 'other' };
  }
}

/** Straight to the fake: tokens are chunks with non-empty `delta.content`; `[DONE]` ends. */
export function classifyDirect(event: SseEvent): EventKind {
  if (event.data === '[DONE]') return { kind: 'end' };
  const chunk = JSON.parse(event.data) as { error?: unknown; choices?: { delta?: { content?: string | null } }[] };
  if (chunk.error) throw new Error(`model server stream error: ${event.data.slice(0, 300)}`);
  const content = chunk.choices?.[0]?.delta?.content;
  return content ? { kind: 'token', text: content } : { kind: 'other' };
}

/** One timed message send through Hearth (SSE). */
export function hearthStream(
  agent: http.Agent,
  baseUrl: string,
  session: Session,
  conversationId: string,
  content: string,
  timeoutMs: number,
): Promise<StreamTiming> {
  return timedStream({
    url: `${baseUrl}/api/conversations/${conversationId}/messages`,
    agent,
    headers: unsafe(session),
    body: { content, stream: true },
    classify: classifyHearth,
    timeoutMs,
  });
}

/** One timed streaming chat completion straight to the fake (the request an OpenAI client sends). */
export function directStream(
  agent: http.Agent,
  openaiBaseUrl: string,
  model: string,
  content: string,
  timeoutMs: number,
): Promise<StreamTiming> {
  return timedStream({
    url: `${openaiBaseUrl}/chat/completions`,
    agent,
    body: { model, messages: [{ role: 'user', content }], stream: true, stream_options: { include_usage: true } },
    classify: classifyDirect,
    timeoutMs,
  });
}
