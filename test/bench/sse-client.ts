/**
 * The load client: one raw `node:http` POST whose Server-Sent Events reply is parsed as it
 * arrives, stamping each token with the time its TCP chunk reached the process. The same code
 * measures both paths (straight to the fake model server, and through Hearth); only `classify`
 * differs, and it runs after the timestamp is taken.
 */
import http from 'node:http';
import { performance } from 'node:perf_hooks';

/** One parsed SSE event (`event:` defaults to "message"). */
export type SseEvent = { event: string; data: string };

/** What an event means to the timer. Throw from `classify` to fail the stream. */
export type EventKind = { kind: 'token'; text: string } | { kind: 'end' } | { kind: 'other' };

/**
 * A timed stream: time to first token, gaps between tokens, each token's arrival time
 * (performance.now() of this process) and the text for checking.
 */
export type StreamTiming = { ttftMs: number; gapsMs: number[]; arrivals: number[]; text: string };

export type StreamRequest = {
  url: string;
  agent: http.Agent;
  headers?: Record<string, string>;
  body: unknown;
  classify: (event: SseEvent) => EventKind;
  /** The whole stream must end within this. */
  timeoutMs: number;
};

/** Incremental SSE parser: feed it text as it arrives, get the complete events back. */
export class SseParser {
  private buffer = '';

  push(chunk: string): SseEvent[] {
    this.buffer += chunk.includes('\r') ? chunk.replace(/\r\n?/g, '\n') : chunk;
    const events: SseEvent[] = [];
    let end: number;
    while ((end = this.buffer.indexOf('\n\n')) >= 0) {
      const block = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      let event = 'message';
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line === '' || line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? '' : line.slice(colon + (line[colon + 1] === ' ' ? 2 : 1));
        if (field === 'event') event = value;
        else if (field === 'data') data.push(value);
      }
      if (data.length > 0) events.push({ event, data: data.join('\n') });
    }
    return events;
  }
}

/**
 * POSTs `body` as JSON and times the SSE reply. TTFT runs from just before the request is
 * written to the arrival of the chunk holding the first token. Rejects on a non-200 status, a
 * stream that ends without its end event, a `classify` error, or the timeout.
 */
export function timedStream(spec: StreamRequest): Promise<StreamTiming> {
  const payload = JSON.stringify(spec.body);
  return new Promise<StreamTiming>((resolve, reject) => {
    const arrivals: number[] = [];
    let text = '';
    let ended = false;
    let settled = false;
    const fail = (err: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      reject(err);
    };
    const req = http.request(spec.url, {
      method: 'POST',
      agent: spec.agent,
      headers: {
        ...spec.headers,
        accept: 'text/event-stream',
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength(payload)),
      },
    });
    const timer = setTimeout(
      () => fail(new Error(`stream to ${spec.url} did not finish within ${spec.timeoutMs} ms`)),
      spec.timeoutMs,
    );
    const failWith = (err: Error) => fail(new Error(`stream from ${spec.url} failed: ${err.message}`, { cause: err }));
    req.on('error', failWith);
    req.on('response', (res) => {
      res.setEncoding('utf8');
      if (res.statusCode !== 200) {
        let body = '';
        res.on('data', (c: string) => (body += c));
        res.on('end', () => fail(new Error(`${spec.url} answered ${res.statusCode}: ${body.slice(0, 300)}`)));
        return;
      }
      const parser = new SseParser();
      res.on('data', (chunk: string) => {
        const at = performance.now();
        try {
          for (const event of parser.push(chunk)) {
            const kind = spec.classify(event);
            if (kind.kind === 'token') {
              arrivals.push(at);
              text += kind.text;
            } else if (kind.kind === 'end') {
              ended = true;
            }
          }
        } catch (err) {
          fail(err instanceof Error ? err : new Error(String(err)));
        }
      });
      res.on('error', failWith);
      res.on('end', () => {
        if (settled) return;
        if (!ended) return fail(new Error(`stream from ${spec.url} ended without its end event`));
        if (arrivals.length === 0) return fail(new Error(`stream from ${spec.url} carried no tokens`));
        settled = true;
        clearTimeout(timer);
        const gapsMs = arrivals.slice(1).map((t, i) => t - arrivals[i]!);
        resolve({ ttftMs: arrivals[0]! - start, gapsMs, arrivals, text });
      });
    });
    const start = performance.now();
    req.end(payload);
  });
}
