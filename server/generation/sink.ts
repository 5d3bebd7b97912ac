/**
 * Where a reply is written. A Generation streams the model's answer and runs its tools; the
 * sink it is given decides where that goes: how the text so far and the final state are saved,
 * which bus channels hear about it and what those events look like, and in what context the
 * reply was asked for. An AI conversation's sink is built by server/conversations/
 * (generation-sink.ts); a people-chat room's `@assistant` reply will bring its own.
 */
import type { Message, MessageError, ToolCall } from '#common/conversations';
import type { ServerEvent } from '#common/events';
import type { Db } from '#server/db/database';
import type { ModelServerError } from '#server/providers/types';

/**
 * Who asked, and where: the generation manager finds replies by it (stop a user's, a
 * conversation's). In a people-chat room, `userId` is the member who asked (`@assistant`).
 */
export type ReplyContext =
  { kind: 'conversation'; userId: string; conversationId: string } | { kind: 'room'; userId: string; roomId: string };

/** The state of a reply being written, as a progress save sees it. */
export type ReplyProgress = {
  content: string;
  reasoning: string | null;
  /** Undefined while no tool was called (the save then touches no tool column). */
  toolCalls: readonly ToolCall[] | undefined;
  updatedAt: string;
};

/** The events a reply publishes, shaped for its listeners. Called on the hot path: build, do not look up. */
export type ReplyEvents = {
  start(message: Message): ServerEvent;
  /**
   * `offset`: where `text` starts in the reply's answer (or reasoning) text. Null: not published
   * (a room shows no reasoning).
   */
  delta(messageId: string, kind: 'text' | 'reasoning', text: string, offset: number): ServerEvent | null;
  /** Null: not published live (a room shows the calls with the final message). */
  tool(messageId: string, call: ToolCall): ServerEvent | null;
  done(message: Message): ServerEvent;
};

/** Everything a Generation needs to know about where its reply goes. */
export type GenerationSink = {
  readonly context: ReplyContext;
  /** The bus channels every event of the reply is published on (read at each publish). */
  readonly channels: readonly string[];
  readonly events: ReplyEvents;
  /** Saves the text so far (through the write queue: `db` is the slice's transaction). */
  saveProgress(db: Db, messageId: string, progress: ReplyProgress): Promise<void>;
  /** Saves the reply's final state. */
  saveFinal(db: Db, message: Message): Promise<void>;
  /**
   * The error saved and sent when the model server fails, worded for who reads the reply
   * (generation/failure-words.ts). Absent: the model server's own message, as is.
   */
  describeFailure?(err: ModelServerError): MessageError;
};

/**
 * Marks replies a previous process left `streaming` as `interrupted` (except those in
 * `running`); returns how many. Each kind of sink that saves replies provides one.
 */
export type RestartRecovery = (db: Db, running: readonly string[], now: string) => Promise<number>;
