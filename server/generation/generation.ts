/**
 * One running generation: streams a reply from the model server into an assistant message.
 *
 * Hot path (per token): append to a string, publish one bus event, hand one prebuilt SSE frame to
 * the attached listeners. No awaits on I/O and no database write per token: the text is flushed
 * at most every FLUSH_MS and once at the end.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Message, MessageError, MessageStatus } from '#common/conversations';
import type { GenerationEvent } from '#common/events';
import type { Db } from '#server/db/database';
import { nowIso } from '#server/db/database';
import type { EventBus } from '#server/realtime/bus';
import { userChannel } from '#server/realtime/bus';
import { ModelServerError, type ChatTurn, type ModelProvider } from '#server/providers/types';
import { saveMessageFinal, saveMessageProgress } from '#server/conversations/store';
import { recordUsage } from '#server/safety/usage';
import { finalFrame, sseFrame } from './sse';
import type { WriteQueue } from './writer';

/** How often the streamed text is written to the database while a reply runs. */
export const FLUSH_MS = 500;

/** What starting a generation needs. */
export type GenerationSpec = {
  userId: string;
  conversationId: string;
  /** The assistant message as saved: status streaming, empty content. */
  message: Message;
  provider: ModelProvider;
  /** The model's name on its server. */
  upstreamModel: string;
  turns: ChatTurn[];
  /**
   * Resolves once the message rows are committed. The upstream call starts before that (it does
   * not depend on them), so the database never delays the first token; writes wait for it.
   */
  saved: Promise<void>;
};

/** Receives ready-made SSE frames; `last` is true for the final done/error frame. */
export type GenerationListener = (frame: string, last: boolean) => void;

/** What attaching returns: the state so far (and a subscription), or the final message. */
export type Attachment =
  | { finished: false; message: Message; content: string; reasoning: string; unsubscribe: () => void }
  | { finished: true; message: Message };

type Deps = {
  db: Db;
  bus: EventBus;
  log: FastifyBaseLogger;
  writer: WriteQueue;
  onSettled: (generation: Generation) => void;
};

type DeltaFrame = Extract<GenerationEvent, { event: 'delta' | 'reasoning' }>;

/** A reply being written. Created and tracked by the GenerationManager. */
export class Generation {
  readonly id: string;
  readonly userId: string;
  readonly conversationId: string;
  /** Resolves with the final message once it is saved (never rejects). */
  readonly finished: Promise<Message>;
  /** Set when the model server failed: route code picks 502 or 503 from it. */
  failure: ModelServerError | undefined;

  private content = '';
  private reasoning = '';
  private readonly listeners = new Set<GenerationListener>();
  private readonly controller = new AbortController();
  private readonly channel: string;
  /** Bus events wait until the rows exist, so a client that refetches sees the message. */
  private published = false;
  private rowsSaved = false;
  private state: 'running' | 'finishing' | 'done' = 'running';
  private flushTimer: NodeJS.Timeout | null = null;
  private finalMessage: Message | null = null;
  private resolveFinished!: (message: Message) => void;
  private readonly savedOk: Promise<boolean>;

  constructor(
    private readonly spec: GenerationSpec,
    private readonly deps: Deps,
  ) {
    this.id = spec.message.id;
    this.userId = spec.userId;
    this.conversationId = spec.conversationId;
    this.channel = userChannel(spec.userId);
    this.finished = new Promise((resolve) => (this.resolveFinished = resolve));
    this.savedOk = spec.saved.then(
      () => true,
      () => false,
    );
  }

  /** Starts the upstream call; returns at once. */
  start(): void {
    void this.savedOk.then((ok) => (ok ? this.onSaved() : this.onSaveFailed()));
    void this.run();
  }

  /** Ends the reply early, keeping the text so far. Resolves with the saved final message. */
  stop(status: 'stopped' | 'interrupted'): Promise<Message> {
    if (this.state === 'running') {
      this.finish(status, null);
      // Closes the upstream HTTP connection, so the model server stops computing.
      this.controller.abort();
    }
    return this.finished;
  }

  /**
   * The text so far plus every later event, with no gap and no duplicate: the snapshot and the
   * subscription are taken in the same synchronous step, and events are emitted synchronously.
   */
  attach(listener: GenerationListener): Attachment {
    if (this.state === 'done') return { finished: true, message: this.finalMessage! };
    this.listeners.add(listener);
    return {
      finished: false,
      message: this.spec.message,
      content: this.content,
      reasoning: this.reasoning,
      unsubscribe: () => this.listeners.delete(listener),
    };
  }

  private async run(): Promise<void> {
    let reported: { promptTokens: number; completionTokens: number } | undefined;
    try {
      const stream = this.spec.provider.streamChat({
        model: this.spec.upstreamModel,
        messages: this.spec.turns,
        signal: this.controller.signal,
      });
      for await (const part of stream) {
        if (this.state !== 'running') break;
        if (part.kind === 'delta') this.append('delta', part.text);
        else if (part.kind === 'reasoning') this.append('reasoning', part.text);
        else reported = part;
      }
      this.finish('complete', null);
    } catch (err) {
      if (this.state !== 'running') return; // stopped: the abort ended the stream
      if (err instanceof ModelServerError) {
        this.failure = err;
        this.finish('error', { code: 'model_unavailable', message: err.message });
      } else {
        this.deps.log.error({ err, messageId: this.id }, 'generation failed');
        this.finish('error', { code: 'internal_error', message: 'Something went wrong while writing the reply.' });
      }
    } finally {
      // Counted however it ended (complete, stopped, failed): the model server did the work.
      const outputChars = this.content.length + this.reasoning.length;
      const usage = { userId: this.userId, source: 'chat' as const, reported, turns: this.spec.turns, outputChars };
      void this.deps.writer.enqueue(`usage:${this.id}`, (db) => recordUsage(db, this.deps.log, usage));
    }
  }

  private append(kind: 'delta' | 'reasoning', text: string): void {
    if (!text) return;
    if (kind === 'delta') this.content += text;
    else this.reasoning += text;
    if (this.published) {
      // `offset`: where the piece starts in its text, so a follower on another process can join
      // the stream without a gap or a repeat (generation/remote.ts).
      this.deps.bus.publish(this.channel, {
        type: 'generation.delta',
        conversationId: this.conversationId,
        messageId: this.id,
        ...(kind === 'delta' ? { text, offset: this.content.length - text.length } : { reasoning: text, offset: this.reasoning.length - text.length }),
      });
    }
    if (this.listeners.size > 0) {
      const frame = sseFrame<DeltaFrame>(kind, { text });
      for (const listener of this.listeners) listener(frame, false);
    }
    if (this.flushTimer === null && this.rowsSaved) this.flushTimer = setTimeout(this.flush, FLUSH_MS);
  }

  private onSaved(): void {
    this.rowsSaved = true;
    this.published = true;
    const base = { conversationId: this.conversationId };
    this.deps.bus.publish(this.channel, { type: 'generation.start', ...base, message: this.spec.message });
    if (this.state !== 'running') return; // the final message follows with everything
    // Catch up on what streamed while the rows were being written.
    if (this.reasoning) this.deps.bus.publish(this.channel, { type: 'generation.delta', ...base, messageId: this.id, reasoning: this.reasoning, offset: 0 });
    if (this.content) this.deps.bus.publish(this.channel, { type: 'generation.delta', ...base, messageId: this.id, text: this.content, offset: 0 });
    if ((this.content || this.reasoning) && this.flushTimer === null) this.flushTimer = setTimeout(this.flush, FLUSH_MS);
  }

  private onSaveFailed(): void {
    // The caller reports the failed save; nothing can be stored, so stop asking the model.
    if (this.state === 'running') {
      this.finish('error', { code: 'internal_error', message: 'The reply could not be saved.' });
      this.controller.abort();
    }
  }

  private readonly flush = (): void => {
    this.flushTimer = null;
    if (this.state !== 'running') return;
    // The text is read when the write runs, not now: the freshest text, and no copy meanwhile.
    // A final write queued before it runs replaces it (same key), so the final state wins.
    void this.deps.writer.enqueue(this.id, (db) =>
      saveMessageProgress(db, this.id, this.content, this.reasoning || null, nowIso()),
    );
  };

  private finish(status: MessageStatus, error: MessageError | null): void {
    if (this.state !== 'running') return;
    this.state = 'finishing';
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    const final: Message = { ...this.spec.message, content: this.content, status, updatedAt: nowIso() };
    if (this.reasoning) final.reasoning = this.reasoning;
    if (error) final.error = error;
    void this.savedOk.then(async (saved) => {
      if (saved) {
        await this.deps.writer.enqueue(this.id, (db) =>
          saveMessageFinal(db, this.id, {
            content: final.content,
            reasoning: final.reasoning ?? null,
            status,
            error,
            updatedAt: final.updatedAt,
          }),
        );
      }
      this.settle(final, saved);
    });
  }

  private settle(final: Message, saved: boolean): void {
    this.state = 'done';
    this.finalMessage = final;
    if (saved) {
      this.deps.bus.publish(this.channel, {
        type: 'generation.done',
        conversationId: this.conversationId,
        message: final,
        ...(final.error ? { error: final.error } : {}),
      });
    }
    const frame = finalFrame(final);
    for (const listener of this.listeners) listener(frame, true);
    this.listeners.clear();
    this.deps.onSettled(this);
    this.resolveFinished(final);
  }
}
