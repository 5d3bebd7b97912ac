/**
 * The sink of an AI conversation's reply (see server/generation/sink.ts): the reply is an
 * assistant message of the conversation, saved through this feature's store, and its events
 * go to the owner's channel as the `generation.*` WebSocket events every client knows.
 */
import type { GenerationSink, RestartRecovery } from '#server/generation/sink';
import { describeFailure, type FailureAudience } from '#server/generation/failure-words';
import { userChannel } from '#server/realtime/bus';
import * as store from './store';

/**
 * Where a reply in `conversationId` of `userId` goes. `audience`: who reads its failure (the
 * owner); without it, the model server's own message is saved.
 */
export function conversationSink(userId: string, conversationId: string, audience?: FailureAudience): GenerationSink {
  return {
    ...(audience ? { describeFailure: (err) => describeFailure(err, audience) } : {}),
    context: { kind: 'conversation', userId, conversationId },
    channels: [userChannel(userId)],
    events: {
      start: (message) => ({ type: 'generation.start', conversationId, message }),
      delta: (messageId, kind, text, offset) =>
        kind === 'text'
          ? { type: 'generation.delta', conversationId, messageId, text, offset }
          : { type: 'generation.delta', conversationId, messageId, reasoning: text, offset },
      tool: (messageId, call) => ({ type: 'generation.tool', conversationId, messageId, call }),
      done: (message) => ({
        type: 'generation.done',
        conversationId,
        message,
        ...(message.error ? { error: message.error } : {}),
      }),
    },
    saveProgress: (db, messageId, progress) => store.saveMessageProgress(db, messageId, progress),
    saveFinal: (db, message) =>
      store.saveMessageFinal(db, message.id, {
        content: message.content,
        reasoning: message.reasoning ?? null,
        status: message.status,
        error: message.error ?? null,
        toolCalls: message.toolCalls,
        updatedAt: message.updatedAt,
      }),
  };
}

/** At start: the conversation replies a previous process left `streaming` become `interrupted`. */
export const interruptLeftoverReplies: RestartRecovery = (db, running, now) =>
  store.interruptStreamingMessages(db, [...running], now);
