/**
 * A small, spec-following Server-Sent Events parser (WHATWG HTML §9.2 "event stream
 * interpretation"), used by the web app and the CLI to read streamed replies from fetch().
 * Only web APIs: works in browsers and in Node ≥ 18.
 */

/** One dispatched event. `event` is "message" when the stream named none. */
export type SseEvent = {
  event: string;
  data: string;
  /** The last event id seen so far on this stream (the `id:` field), if any. */
  id?: string;
  /** Reconnection time in ms, when this event carried a `retry:` field. */
  retry?: number;
};

/** Incremental parser: feed text chunks split anywhere; get back the events they complete. */
export type SseParser = {
  /** Adds decoded text; returns the events completed by it. */
  push(chunk: string): SseEvent[];
  /** End of stream: a final event without its terminating blank line is discarded (spec). */
  end(): SseEvent[];
};

const LF = 10;
const CR = 13;

/** Creates an incremental SSE parser. */
export function createSseParser(): SseParser {
  let buffer = '';
  let scanFrom = 0; // where the search for the next line end resumes in `buffer`
  let first = true;
  let eventType = '';
  let data = '';
  let hasData = false;
  let lastId: string | undefined;
  let retry: number | undefined;

  const dispatch = (out: SseEvent[]) => {
    if (hasData) {
      const event: SseEvent = { event: eventType || 'message', data };
      if (lastId !== undefined) event.id = lastId;
      if (retry !== undefined) event.retry = retry;
      out.push(event);
    }
    eventType = '';
    data = '';
    hasData = false;
    retry = undefined;
  };

  const processLine = (line: string, out: SseEvent[]) => {
    if (line === '') return dispatch(out);
    if (line.charCodeAt(0) === 58 /* ':' comment */) return;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.charCodeAt(0) === 32 /* one optional leading space */) value = value.slice(1);
    switch (field) {
      case 'event':
        eventType = value;
        break;
      case 'data':
        data = hasData ? `${data}\n${value}` : value;
        hasData = true;
        break;
      case 'id':
        if (!value.includes('\0')) lastId = value;
        break;
      case 'retry':
        if (/^\d+$/.test(value)) retry = Number(value);
        break;
      default:
        break; // unknown fields are ignored
    }
  };

  const drain = (atEnd: boolean): SseEvent[] => {
    const out: SseEvent[] = [];
    let start = 0;
    let i = scanFrom;
    while (i < buffer.length) {
      const c = buffer.charCodeAt(i);
      if (c !== LF && c !== CR) {
        i++;
        continue;
      }
      // A CR at the very end may be the first half of CRLF split across chunks: wait.
      if (c === CR && i + 1 === buffer.length && !atEnd) break;
      processLine(buffer.slice(start, i), out);
      i += c === CR && buffer.charCodeAt(i + 1) === LF ? 2 : 1;
      start = i;
    }
    buffer = buffer.slice(start);
    scanFrom = i - start;
    return out;
  };

  return {
    push(chunk) {
      if (first && chunk.length > 0) {
        first = false;
        if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
      }
      buffer += chunk;
      return drain(false);
    },
    end() {
      const out = drain(true);
      buffer = '';
      scanFrom = 0;
      data = '';
      hasData = false;
      eventType = '';
      return out;
    },
  };
}

/**
 * Reads an SSE response body as an async iterator of events. Aborting `signal` (or the fetch
 * it came from) ends the iteration with the abort error.
 */
export async function* readSseStream(
  body: ReadableStream<Uint8Array>,
  signal?: AbortSignal,
): AsyncGenerator<SseEvent, void, undefined> {
  const reader = body.getReader();
  const decoder = new TextDecoder('utf-8');
  const parser = createSseParser();
  const onAbort = () => void reader.cancel(signal?.reason).catch(() => undefined);
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    for (;;) {
      signal?.throwIfAborted();
      const { done, value } = await reader.read();
      if (done) break;
      yield* parser.push(decoder.decode(value, { stream: true }));
    }
    signal?.throwIfAborted();
    yield* parser.push(decoder.decode());
    yield* parser.end();
  } finally {
    signal?.removeEventListener('abort', onAbort);
    // Stops the download when the consumer leaves the loop early.
    await reader.cancel().catch(() => undefined);
  }
}
