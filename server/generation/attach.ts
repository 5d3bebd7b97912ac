/** Streams a generation (running or finished) to an SSE client. */
import type { Message } from '#common/conversations';
import type { GenerationEvent } from '#common/events';
import type { Generation } from './generation';
import { finalFrame, sseFrame, type SseStream } from './sse';

type Frame<K extends GenerationEvent['event']> = Extract<GenerationEvent, { event: K }>;

/**
 * Sends `start` with the message, then what was already written as one `reasoning` and one
 * `delta` event and one `tool` event per tool call so far, then live events until
 * `done`/`error`, then ends the stream. A client that
 * goes away only detaches: the generation keeps running.
 */
export function pipeGeneration(sse: SseStream, generation: Generation): void {
  const attachment = generation.attach((frame, last) => {
    sse.write(frame);
    if (last) sse.end();
  });
  if (attachment.finished) {
    sendFinished(sse, attachment.message);
    return;
  }
  sse.onClose(attachment.unsubscribe);
  sse.write(sseFrame<Frame<'start'>>('start', { message: attachment.message }));
  if (attachment.reasoning) sse.write(sseFrame<Frame<'reasoning'>>('reasoning', { text: attachment.reasoning }));
  if (attachment.content) sse.write(sseFrame<Frame<'delta'>>('delta', { text: attachment.content }));
  for (const call of attachment.toolCalls) sse.write(sseFrame<Frame<'tool'>>('tool', { call }));
}

/** A reply that is no longer running: its final frame, and the end of the stream. */
export function sendFinished(sse: SseStream, message: Message): void {
  sse.write(finalFrame(message));
  sse.end();
}
