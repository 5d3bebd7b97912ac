/** Streams a generation (running or finished) to an SSE client. */
import type { Message } from '#common/conversations';
import type { GenerationEvent } from '#common/events';
import type { Generation } from './generation';
import { finalFrame, sseFrame, type SseStream } from './sse';

type Frame<K extends GenerationEvent['event']> = Extract<GenerationEvent, { event: K }>;

/** How a stream follows a reply. */
export type PipeOptions = {
  /**
   * The stream of the send itself: when its client goes away before the reply's turn came, the
   * send leaves the queue (it ends `stopped`, with no text). A started reply goes on regardless.
   */
  cancelWaitingOnClose?: boolean;
};

/**
 * Sends `start` with the message, then what was already written as one `reasoning` and one
 * `delta` event and one `tool` event per tool call so far, then live events until
 * `done`/`error`, then ends the stream. A reply still waiting for its turn sends `queued`
 * (its position) instead, and `start` once it runs. A client that goes away only detaches:
 * the generation keeps running.
 */
export function pipeGeneration(sse: SseStream, generation: Generation, options: PipeOptions = {}): void {
  const attachment = generation.attach((frame, last) => {
    sse.write(frame);
    if (last) sse.end();
  });
  if (attachment.finished) {
    sendFinished(sse, attachment.message);
    return;
  }
  sse.onClose(() => {
    attachment.unsubscribe();
    if (options.cancelWaitingOnClose && generation.waiting) void generation.stop('stopped');
  });
  if (attachment.waiting) {
    const { position, message } = attachment;
    if (position !== null) sse.write(sseFrame<Frame<'queued'>>('queued', { position, message }));
    return;
  }
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
