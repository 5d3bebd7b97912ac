/**
 * One running generation: streams a reply from the model server into an assistant message, and
 * when the model calls tools, runs them and asks again (model → tool → model, at most
 * MAX_TOOL_ROUNDS rounds with tools). Where the reply is saved and who hears of it is the
 * sink's business (sink.ts): this code does not know whether it writes a conversation or a room.
 *
 * Hot path (per token): append to a string, publish one bus event per channel, hand one
 * prebuilt SSE frame to the attached listeners. No awaits on I/O and no database write per
 * token: the text is flushed at most every FLUSH_MS and once at the end.
 *
 * Before it asks the model, a generation waits for its slot in the fair queue (scheduler.ts):
 * while it waits, listeners get `queued` frames with its position and the asker's channel
 * `generation.queued`; `start` goes out once it runs. Stopped while waiting, it ends `stopped`
 * with no text and the model is never asked.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Message, MessageError, MessageStatus, ToolCall } from '#common/conversations';
import type { GenerationEvent, ServerEvent } from '#common/events';
import type { Db } from '#server/db/database';
import { nowIso } from '#server/db/database';
import { userChannel, type EventBus } from '#server/realtime/bus';
import {
  ModelServerError,
  type ChatTurn,
  type ModelProvider,
  type ModelToolCall,
  type SamplingOptions,
  type ToolSpec,
} from '#server/providers/types';
import { recordUsage } from '#server/safety/usage';
import type { GuardVerdict, ReplyGuard } from './guard';
import type { GenerationSink, ReplyContext } from './sink';
import { finalFrame, sseFrame } from './sse';
import { callRecord, parseArguments, runToolCall, STOPPED_CALL, toolTurns } from './tool-calls';
import { extractTextCall, FenceHoldback, refusesTools, textResultTurns, textTools, withTextTools } from './text-tools';
import { MAX_TOOL_ROUNDS, type GenerationTool } from './tools';
import { serverOf, type FairScheduler, type Slot } from './scheduler';
import type { WriteQueue } from './writer';

/** How often the streamed text is written to the database while a reply runs. */
export const FLUSH_MS = 500;

/** Ends a reply whose model still asks for tools after the last round allowed them. */
export const TOOL_LIMIT_NOTE = '\n\n(The assistant stopped here: it kept asking for its tools after several rounds.)';

/** What starting a generation needs. */
export type GenerationSpec = {
  /** Where the reply goes: how it is saved, who hears of it, who asked. */
  sink: GenerationSink;
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
  /** Tools the model may call; none (the normal chat): one plain request, as before tools existed. */
  tools?: readonly GenerationTool[] | undefined;
  /** Sampling settings (the task's parameters); unset: the model server's defaults. */
  options?: SamplingOptions | undefined;
  /** The model cannot call tools: offer those with a text form as fenced blocks (text-tools.ts). */
  toolsInText?: boolean | undefined;
  /** The model server it runs on, for its `maxConcurrent` (default: from `message.model`). */
  connectionId?: string | undefined;
  /** Checks the reply while it streams (a supervised member's content filter, guard.ts). */
  guard?: ReplyGuard | undefined;
};

/** Receives ready-made SSE frames; `last` is true for the final done/error frame. */
export type GenerationListener = (frame: string, last: boolean) => void;

/** What attaching returns: the state so far (and a subscription), or the final message. */
export type Attachment =
  | {
      finished: false;
      message: Message;
      content: string;
      reasoning: string;
      /** The tool calls so far (each as it stands). */
      toolCalls: readonly ToolCall[];
      /**
       * True while it waits for its turn: no `start` was sent yet (the listener gets it once it
       * runs); `position` is how many are ahead (null: not known yet).
       */
      waiting: boolean;
      position: number | null;
      unsubscribe: () => void;
    }
  | { finished: true; message: Message };

type Deps = {
  db: Db;
  bus: EventBus;
  log: FastifyBaseLogger;
  writer: WriteQueue;
  scheduler: FairScheduler;
  onSettled: (generation: Generation) => void;
  /** The household's time zone: usage is counted per day on its clock. */
  timeZone: string;
};

type DeltaFrame = Extract<GenerationEvent, { event: 'delta' | 'reasoning' }>;
type ToolFrame = Extract<GenerationEvent, { event: 'tool' }>;
type QueuedFrame = Extract<GenerationEvent, { event: 'queued' }>;
type StartFrame = Extract<GenerationEvent, { event: 'start' }>;
type Usage = { promptTokens: number; completionTokens: number };

/** A reply being written. Created and tracked by the GenerationManager. */
export class Generation {
  readonly id: string;
  /** Who asked (a conversation's owner; in a room, the asker). */
  readonly userId: string;
  /** Who asked and where. */
  readonly context: ReplyContext;
  /** Resolves with the final message once it is saved (never rejects). */
  readonly finished: Promise<Message>;
  /** Set when the model server failed: route code picks 502 or 503 from it. */
  failure: ModelServerError | undefined;

  private content = '';
  private reasoning = '';
  /** Undefined until the model calls a tool: a reply without tools saves and sends none. */
  private toolCalls: ToolCall[] | undefined;
  private readonly sink: GenerationSink;
  private readonly listeners = new Set<GenerationListener>();
  private readonly controller = new AbortController();
  /** Bus events wait until the rows exist, so a client that refetches sees the message. */
  private published = false;
  private rowsSaved = false;
  /** Waiting for a slot in the fair queue; `position`: how many are ahead (null: not told yet). */
  private queue: { waiting: boolean; position: number | null } = { waiting: true, position: null };
  private slot: Slot | null = null;
  private state: 'running' | 'finishing' | 'done' = 'running';
  private flushTimer: NodeJS.Timeout | null = null;
  private finalMessage: Message | null = null;
  private resolveFinished!: (message: Message) => void;
  private readonly savedOk: Promise<boolean>;
  /** With a guard: how much of each text listeners have been given (the rest is held back). */
  private readonly shown = { delta: 0, reasoning: 0 };

  constructor(
    private readonly spec: GenerationSpec,
    private readonly deps: Deps,
  ) {
    this.id = spec.message.id;
    this.sink = spec.sink;
    this.context = spec.sink.context;
    this.userId = spec.sink.context.userId;
    this.finished = new Promise((resolve) => (this.resolveFinished = resolve));
    this.savedOk = spec.saved.then(
      () => true,
      () => false,
    );
  }

  /** Whether it still waits for its turn (nothing was asked of the model yet). */
  get waiting(): boolean {
    return this.queue.waiting && this.state === 'running';
  }

  /** Queues the reply and starts the upstream call once its turn comes; returns at once. */
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
      content: this.visible('delta'),
      reasoning: this.visible('reasoning'),
      toolCalls: this.toolCalls ? [...this.toolCalls] : [],
      waiting: this.queue.waiting,
      position: this.queue.position,
      unsubscribe: () => this.listeners.delete(listener),
    };
  }

  /**
   * Waits for a slot; false when the reply was stopped (or the server shuts down) meanwhile.
   * Then `start` goes to the listeners that attached while it waited, and to the bus.
   */
  private async takeTurn(): Promise<boolean> {
    const slot = await this.deps.scheduler.acquire({
      userId: this.userId,
      serverId: this.spec.connectionId ?? serverOf(this.spec.message.model),
      signal: this.controller.signal,
      onPosition: (position) => this.onQueued(position),
    });
    if (!slot || this.state !== 'running') {
      slot?.release();
      // The queue closed under a reply nobody stopped (shutdown): it ends like a cut reply.
      if (this.state === 'running') this.stop('interrupted').catch(() => {});
      return false;
    }
    this.slot = slot;
    this.queue = { waiting: false, position: null };
    if (this.listeners.size > 0) {
      const frame = sseFrame<StartFrame>('start', { message: this.spec.message });
      for (const listener of this.listeners) listener(frame, false);
    }
    if (this.rowsSaved) this.publishStart();
    return true;
  }

  /** A new place in the queue: the listeners and the asker's tabs hear it. */
  private onQueued(position: number): void {
    if (this.state !== 'running' || !this.queue.waiting) return;
    this.queue = { waiting: true, position };
    if (this.listeners.size > 0) {
      const frame = sseFrame<QueuedFrame>('queued', { position, message: this.spec.message });
      for (const listener of this.listeners) listener(frame, false);
    }
    if (this.rowsSaved) this.publishQueued(position);
  }

  /** `generation.queued` on the asker's own channel (in a room, the others need not know). */
  private publishQueued(position: number): void {
    const where =
      this.context.kind === 'conversation'
        ? { conversationId: this.context.conversationId }
        : { roomId: this.context.roomId };
    this.deps.bus.publish(userChannel(this.userId), {
      type: 'generation.queued',
      messageId: this.id,
      position,
      ...where,
    });
  }

  private async run(): Promise<void> {
    if (!(await this.takeTurn())) return; // stopped while waiting: stop() saved it; the model was never asked
    let reported: Usage | undefined;
    let turns = this.spec.turns;
    const tools = this.spec.tools ?? [];
    // Tools as fenced blocks in text: for a model configured so, or once its server refused `tools`.
    let inText = this.spec.toolsInText === true && textTools(tools).length > 0;
    if (inText) turns = withTextTools(turns, tools);
    try {
      for (let round = 0; ; round++) {
        // Past the last round with tools the model is asked once more without them: it answers.
        const usable = tools.length > 0 && round < MAX_TOOL_ROUNDS;
        const offered = usable && !inText;
        const holdback = usable && inText ? new FenceHoldback() : null;
        const calls: ModelToolCall[] = [];
        let roundText = '';
        let heard = false;
        const stream = this.spec.provider.streamChat({
          model: this.spec.upstreamModel,
          messages: turns,
          signal: this.controller.signal,
          ...(this.spec.options ? { options: this.spec.options } : {}),
          ...(offered ? { tools: toolSpecs(tools) } : {}),
        });
        try {
          for await (const part of stream) {
            heard = true;
            if (this.state !== 'running') break;
            if (part.kind === 'delta') {
              if (offered || holdback) roundText += part.text;
              this.append('delta', holdback ? holdback.push(part.text) : part.text);
            } else if (part.kind === 'reasoning') this.append('reasoning', part.text);
            else if (part.kind === 'tool_call') calls.push(part.call);
            else reported = reported ? addUsage(reported, part) : part;
          }
        } catch (err) {
          // The server refused the request with tools before saying anything: ask again in text.
          if (!offered || heard || this.state !== 'running' || !refusesTools(err) || !textTools(tools).length)
            throw err;
          inText = true;
          turns = withTextTools(turns, tools);
          round--;
          continue;
        }
        if (holdback) {
          const call = this.state === 'running' ? extractTextCall(holdback.held, tools, `sql-${round + 1}`) : null;
          if (!call) {
            this.append('delta', holdback.flush());
            break;
          }
          const [answered] = await this.runTools([call], tools);
          if (this.state !== 'running' || !answered) return; // stopped: stop() saved the reply
          turns = [...turns, ...textResultTurns(roundText, answered)];
          continue;
        }
        if (calls.length === 0 || this.state !== 'running') break;
        if (!offered) {
          if (tools.length > 0) this.append('delta', TOOL_LIMIT_NOTE);
          break;
        }
        const answered = await this.runTools(calls, tools);
        if (this.state !== 'running') return; // stopped during the round: stop() saved the reply
        turns = [...turns, ...toolTurns(roundText, answered)];
      }
      if (this.spec.guard && !(await this.passesFinalCheck(this.spec.guard))) return;
      this.finish('complete', null);
    } catch (err) {
      if (this.state !== 'running') return; // stopped: the abort ended the stream
      if (err instanceof ModelServerError) {
        this.failure = err;
        this.finish('error', this.sink.describeFailure?.(err) ?? { code: 'model_unavailable', message: err.message });
      } else {
        this.deps.log.error({ err, messageId: this.id }, 'generation failed');
        this.finish('error', { code: 'internal_error', message: 'Something went wrong while writing the reply.' });
      }
    } finally {
      // Counted however it ended (complete, stopped, failed): the model server did the work.
      const outputChars = this.content.length + this.reasoning.length;
      const usage = {
        userId: this.userId,
        source: 'chat' as const,
        reported,
        turns,
        outputChars,
        timeZone: this.deps.timeZone,
      };
      void this.deps.writer.enqueue(`usage:${this.id}`, (db) => recordUsage(db, this.deps.log, usage));
    }
  }

  /** Runs one round's calls in order; returns them answered (fewer when the reply was stopped). */
  private async runTools(calls: readonly ModelToolCall[], tools: readonly GenerationTool[]): Promise<ToolCall[]> {
    const byName = new Map(tools.map((t) => [t.name, t]));
    const list = (this.toolCalls ??= []);
    const answered: ToolCall[] = [];
    for (const call of calls) {
      if (this.state !== 'running') break;
      const parsed = parseArguments(call.arguments);
      const index = list.push(callRecord(call, parsed)) - 1;
      this.announceTool(list[index]!);
      const outcome =
        'refused' in parsed
          ? parsed
          : await runToolCall(
              byName,
              list[index]!,
              { context: this.context, signal: this.controller.signal },
              this.deps.log,
            );
      // Stopped meanwhile: the saved reply keeps the call as it stood (marked stopped).
      if (this.state !== 'running') break;
      const done = { ...list[index]!, ...outcome };
      list[index] = done;
      answered.push(done);
      this.announceTool(done);
    }
    return answered;
  }

  /** Tells the listeners how a tool call stands, and saves it with the next flush. */
  private announceTool(call: ToolCall): void {
    if (this.published) this.publish(this.sink.events.tool(this.id, call));
    if (this.listeners.size > 0) {
      const frame = sseFrame<ToolFrame>('tool', { call });
      for (const listener of this.listeners) listener(frame, false);
    }
    if (this.flushTimer === null && this.rowsSaved) this.flushTimer = setTimeout(this.flush, FLUSH_MS);
  }

  private publish(event: ServerEvent | null): void {
    if (event === null) return; // the sink does not publish this kind of event
    for (const channel of this.sink.channels) this.deps.bus.publish(channel, event);
  }

  private append(kind: 'delta' | 'reasoning', text: string): void {
    if (!text) return;
    const guard = this.spec.guard;
    if (guard && this.state !== 'running') return; // blocked or stopped: nothing more is shown
    if (kind === 'delta') this.content += text;
    else this.reasoning += text;
    if (guard) return this.guarded(guard, kind, text);
    this.emit(kind, text, (kind === 'delta' ? this.content.length : this.reasoning.length) - text.length);
  }

  /** Hands `text` to listeners; `offset`: where it starts in its text. */
  private emit(kind: 'delta' | 'reasoning', text: string, offset: number): void {
    if (this.published) {
      // `offset` lets a follower on another process join without a gap or a repeat (remote.ts).
      this.publish(this.sink.events.delta(this.id, kind === 'delta' ? 'text' : 'reasoning', text, offset));
    }
    if (this.listeners.size > 0) {
      const frame = sseFrame<DeltaFrame>(kind, { text });
      for (const listener of this.listeners) listener(frame, false);
    }
    if (this.flushTimer === null && this.rowsSaved) this.flushTimer = setTimeout(this.flush, FLUSH_MS);
  }

  // ── the reply guard (guard.ts): held-back text, a verdict stops the reply ──

  /** The text listeners and saves may see: all of it, or with a guard what was released. */
  private visible(kind: 'delta' | 'reasoning'): string {
    const all = kind === 'delta' ? this.content : this.reasoning;
    return this.spec.guard ? all.slice(0, this.shown[kind]) : all;
  }

  private guarded(guard: ReplyGuard, kind: 'delta' | 'reasoning', text: string): void {
    const verdict = guard.push(kind === 'delta' ? 'text' : 'reasoning', text);
    if (verdict) return this.block(guard, verdict);
    this.release(kind, guard.checked(kind === 'delta' ? 'text' : 'reasoning') - guard.holdBack);
  }

  /** Gives listeners the text up to `upTo` (checked, less the held-back end; never half a surrogate pair). */
  private release(kind: 'delta' | 'reasoning', upTo: number): void {
    const all = kind === 'delta' ? this.content : this.reasoning;
    upTo = Math.min(upTo, all.length);
    if (upTo > 0 && upTo < all.length && /[\uD800-\uDBFF]/.test(all[upTo - 1]!)) upTo--;
    const from = this.shown[kind];
    if (upTo <= from) return;
    this.shown[kind] = upTo;
    this.emit(kind, all.slice(from, upTo), from);
  }

  /** The finished reply passes the guard's last check (or is blocked); then the held text goes out. */
  private async passesFinalCheck(guard: ReplyGuard): Promise<boolean> {
    let verdict = guard.end('reasoning') ?? guard.end('text');
    if (!verdict && guard.finished) verdict = await guard.finished(this.content).catch(() => null);
    if (this.state !== 'running') return false; // stopped meanwhile: stop() saved the reply
    if (verdict) {
      this.block(guard, verdict);
      return false;
    }
    this.release('reasoning', this.reasoning.length);
    this.release('delta', this.content.length);
    return true;
  }

  /** Stops the reply at once (the upstream closed, as Stop does), saving the replacement as `blocked`. */
  private block(guard: ReplyGuard, verdict: GuardVerdict): void {
    if (this.state !== 'running') return;
    try {
      guard.blocked(verdict, { content: this.content, reasoning: this.reasoning });
    } catch (err) {
      this.deps.log.error({ err, messageId: this.id }, 'reply guard failed to record a verdict');
    }
    const why = { code: 'content_blocked', message: guard.replacement, category: verdict.category };
    this.finish('blocked', why, { content: guard.replacement, reasoning: '' });
    this.controller.abort();
  }

  private onSaved(): void {
    this.rowsSaved = true;
    if (this.state === 'running' && this.queue.waiting) {
      if (this.queue.position !== null) this.publishQueued(this.queue.position);
      return; // `start` goes out when its turn comes
    }
    // Ended while waiting: the final message follows, after a start that says it exists.
    this.publishStart();
  }

  private publishStart(): void {
    this.published = true;
    const { events } = this.sink;
    this.publish(events.start(this.spec.message));
    if (this.state !== 'running') return; // the final message follows with everything
    // Catch up on what streamed while the rows were being written.
    const reasoning = this.visible('reasoning');
    const content = this.visible('delta');
    if (reasoning) this.publish(events.delta(this.id, 'reasoning', reasoning, 0));
    if (content) this.publish(events.delta(this.id, 'text', content, 0));
    for (const call of this.toolCalls ?? []) this.publish(events.tool(this.id, call));
    if ((this.content || this.reasoning || this.toolCalls) && this.flushTimer === null)
      this.flushTimer = setTimeout(this.flush, FLUSH_MS);
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
      this.sink.saveProgress(db, this.id, {
        content: this.visible('delta'),
        reasoning: this.visible('reasoning') || null,
        toolCalls: this.toolCalls,
        updatedAt: nowIso(),
      }),
    );
  };

  /** `instead`: the text saved in place of the reply's (a blocked reply's replacement). */
  private finish(
    status: MessageStatus,
    error: MessageError | null,
    instead?: { content: string; reasoning: string },
  ): void {
    if (this.state !== 'running') return;
    this.state = 'finishing';
    // The slot is free at once (Stop frees it for the next in line before the save).
    this.slot?.release();
    this.slot = null;
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    const content = instead ? instead.content : this.content;
    const reasoning = instead ? instead.reasoning : this.reasoning;
    const final: Message = { ...this.spec.message, content, status, updatedAt: nowIso() };
    if (reasoning) final.reasoning = reasoning;
    if (error) final.error = error;
    // A call whose tool had not answered (the reply was stopped) is kept, marked as such.
    if (this.toolCalls)
      final.toolCalls = this.toolCalls.map((c) =>
        c.result === undefined && !c.refused ? { ...c, refused: STOPPED_CALL } : c,
      );
    void this.savedOk.then(async (saved) => {
      if (saved) await this.deps.writer.enqueue(this.id, (db) => this.sink.saveFinal(db, final));
      this.settle(final, saved);
    });
  }

  private settle(final: Message, saved: boolean): void {
    this.state = 'done';
    this.finalMessage = final;
    if (saved) this.publish(this.sink.events.done(final));
    const frame = finalFrame(final);
    for (const listener of this.listeners) listener(frame, true);
    this.listeners.clear();
    this.deps.onSettled(this);
    this.resolveFinished(final);
  }
}

/** The tools as the model server is told of them. */
const toolSpecs = (tools: readonly GenerationTool[]): ToolSpec[] =>
  tools.map((t) => ({ name: t.name, description: t.description, parameters: t.parameters }));

const addUsage = (a: Usage, b: Usage): Usage => ({
  promptTokens: a.promptTokens + b.promptTokens,
  completionTokens: a.completionTokens + b.completionTokens,
});
