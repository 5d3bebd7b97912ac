/**
 * Server-Sent Events for a generation: the reply of POST /api/conversations/:id/messages
 * (stream: true) and of GET /api/generations/:messageId/events. Frames are built once per event
 * and shared by every listener.
 */
import type { FastifyReply } from 'fastify';
import type { Message } from '#common/conversations';
import type { GenerationEvent } from '#common/events';

/** A comment line every 15 s keeps proxies and browsers from timing out an idle stream. */
const KEEP_ALIVE_MS = 15_000;

/** One SSE frame: `event: <name>\ndata: <json>\n\n`. */
export function sseFrame<E extends GenerationEvent>(event: E['event'], data: E['data']): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** The frame that ends a stream: `error` for a failed reply, `done` for every other end. */
export function finalFrame(message: Message): string {
  if (message.status === 'error') {
    const error = message.error ?? { code: 'model_unavailable', message: 'The reply failed.' };
    return sseFrame<Extract<GenerationEvent, { event: 'error' }>>('error', { error, message });
  }
  return sseFrame<Extract<GenerationEvent, { event: 'done' }>>('done', { message });
}

/** An open event stream on a hijacked reply. */
export type SseStream = {
  write(frame: string): void;
  /** Ends the response (idempotent). */
  end(): void;
  /** Runs `fn` once the connection is gone (ended by us or by the client). */
  onClose(fn: () => void): void;
  readonly closed: boolean;
};

/** Takes over the reply and starts an event stream: 200, text/event-stream, no buffering. */
export function openSse(reply: FastifyReply): SseStream {
  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, {
    ...(reply.getHeaders() as Record<string, string>),
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-cache',
    Connection: 'keep-alive',
    // nginx and friends would otherwise hold the stream back in a buffer.
    'X-Accel-Buffering': 'no',
  });
  // The headers and the first frames (user-message, start, the text so far) leave in one
  // packet: corked now, uncorked once this tick's synchronous writes are done.
  res.cork();
  process.nextTick(() => res.uncork());
  let closed = false;
  const closers: Array<() => void> = [];
  const keepAlive = setInterval(() => {
    if (!closed) res.write(': keep-alive\n\n');
  }, KEEP_ALIVE_MS);
  keepAlive.unref();
  const onGone = () => {
    if (closed) return;
    closed = true;
    clearInterval(keepAlive);
    for (const fn of closers.splice(0)) fn();
  };
  res.on('close', onGone);
  // The client may have hung up while the request was being handled: 'close' already fired.
  if (res.destroyed) onGone();
  return {
    write(frame) {
      if (!closed) res.write(frame);
    },
    end() {
      if (closed) return;
      res.end();
      onGone();
    },
    onClose(fn) {
      if (closed) fn();
      else closers.push(fn);
    },
    get closed() {
      return closed;
    },
  };
}
