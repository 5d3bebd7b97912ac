/**
 * Follows one streamed reply (the SSE events of a send or a regenerate) and reports its pieces
 * as they arrive; resolves with the reply as the server saved it.
 */
import type { Message, MessageError, ToolCall } from '#common/conversations';
import type { GenerationEvent } from '#common/events';

/** What the caller does with each piece. */
export type ReplyHandlers = {
  /** The assistant message exists (waiting or running): its id is what Stop needs. Called once. */
  onStart?: (message: Message) => void;
  /**
   * The reply waits for its turn on the model server: `position` are ahead of it; null once it
   * runs (only after it waited).
   */
  onWaiting?: (position: number | null) => void;
  onUserMessage?: (message: Message) => void;
  onReasoning?: (text: string) => void;
  onDelta?: (text: string) => void;
  onTool?: (call: ToolCall) => void;
};

/** How a reply ended. */
export type ReplyOutcome = {
  /** The final assistant message (complete, stopped, interrupted or error); null if none came. */
  message: Message | null;
  error?: MessageError;
  /** The text streamed so far, also when the stream broke before a final event. */
  text: string;
  reasoning: string;
};

/** Reads `events` to the end; a broken connection throws the client's ApiError after `onDelta`s. */
export async function followReply(
  events: AsyncIterable<GenerationEvent>,
  handlers: ReplyHandlers,
  onProgress?: (outcome: ReplyOutcome) => void,
): Promise<ReplyOutcome> {
  const outcome: ReplyOutcome = { message: null, text: '', reasoning: '' };
  let waited = false;
  for await (const ev of events) {
    switch (ev.event) {
      case 'user-message':
        handlers.onUserMessage?.(ev.data.message);
        break;
      case 'queued':
      case 'start':
        if (outcome.message?.id !== ev.data.message.id) handlers.onStart?.(ev.data.message);
        outcome.message = ev.data.message;
        if (ev.event === 'queued') {
          waited = true;
          handlers.onWaiting?.(ev.data.position);
        } else if (waited) handlers.onWaiting?.(null);
        break;
      case 'reasoning':
        outcome.reasoning += ev.data.text;
        handlers.onReasoning?.(ev.data.text);
        break;
      case 'delta':
        outcome.text += ev.data.text;
        handlers.onDelta?.(ev.data.text);
        break;
      case 'tool':
        handlers.onTool?.(ev.data.call);
        break;
      case 'done':
        outcome.message = ev.data.message;
        break;
      case 'error':
        outcome.message = ev.data.message;
        outcome.error = ev.data.error;
        break;
    }
    onProgress?.(outcome);
  }
  return outcome;
}

/** The line that says how a reply that did not complete ended (partial text is kept). */
export function endingNote(message: Message | null, outcome: ReplyOutcome): string | null {
  if (outcome.error) return `The reply failed: ${outcome.error.message}`;
  if (message?.status === 'stopped') return 'Stopped — the reply above is incomplete.';
  if (message?.status === 'interrupted') return 'Interrupted — the server restarted; the reply above is incomplete.';
  // The safe text that replaces a reply the family-safety filter stopped (its words were held back).
  if (message?.status === 'blocked') return message.content;
  return null;
}
