/**
 * Reading a Server-Sent Events body from fetch(), for the web app and the CLI. The parsing is
 * `eventsource-parser` (spec-following, maintained); this only turns a response body into an
 * async iterator and names the default event "message" as browsers do. Only web APIs: works in
 * browsers and in Node ≥ 18.
 */
import { createParser, type EventSourceMessage } from 'eventsource-parser';

/** One dispatched event. `event` is "message" when the stream named none. */
export type SseEvent = {
  event: string;
  data: string;
  /** The event's `id:` field, when it had one. */
  id?: string;
};

const toEvent = (m: EventSourceMessage): SseEvent =>
  m.id === undefined
    ? { event: m.event || 'message', data: m.data }
    : { event: m.event || 'message', data: m.data, id: m.id };

/**
 * Reads an SSE response body as an async iterator of events. Chunks may split lines, CRLF
 * pairs and UTF-8 characters anywhere; a final event without its blank line is dropped (spec).
 * Aborting `signal` (or the fetch it came from) ends the iteration with the abort error.
 */
export async function* readSseStream(
  body: ReadableStream<Uint8Array>,
  signal?: AbortSignal,
): AsyncGenerator<SseEvent, void, undefined> {
  const reader = body.getReader();
  const decoder = new TextDecoder('utf-8');
  let ready: SseEvent[] = [];
  let last = '';
  const parser = createParser({ onEvent: (m) => void ready.push(toEvent(m)) });
  const take = () => {
    const out = ready;
    ready = [];
    return out;
  };
  const onAbort = () => void reader.cancel(signal?.reason).catch(() => undefined);
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    for (;;) {
      signal?.throwIfAborted();
      const { done, value } = await reader.read();
      if (done) break;
      const text = decoder.decode(value, { stream: true });
      if (text) last = text;
      parser.feed(text);
      yield* take();
    }
    signal?.throwIfAborted();
    parser.feed(decoder.decode());
    // The parser holds a final CR back in case its LF follows; at the end it is a line end.
    if (last.endsWith('\r')) parser.feed('\n');
    yield* take();
  } finally {
    signal?.removeEventListener('abort', onAbort);
    // Stops the download when the consumer leaves the loop early.
    await reader.cancel().catch(() => undefined);
  }
}
