/**
 * The generation manager: every reply being written by this process, one Generation per
 * assistant message. Starts them, finds them for re-attach and stop, and on shutdown or restart
 * makes sure no message is left `streaming` forever. It hears the domain events that concern
 * its replies on whichever process they were published: a disabled or deleted user's replies
 * stop, and a deleted conversation's; `generation.stop` stops one; `generation.attach` is
 * answered with a snapshot.
 *
 * Every reply waits for a slot in the process's fair queue (`scheduler`, scheduler.ts) before it
 * asks the model: the member's limit and the model server's `maxConcurrent` apply to it.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Message } from '#common/conversations';
import type { Config } from '#server/config';
import type { Db } from '#server/db/database';
import { nowIso } from '#server/db/database';
import type { EventBus } from '#server/realtime/bus';
import type { DomainEvents } from '#server/realtime/domain-events';
import type { ModelRegistry } from '#server/providers/registry';
import { serverConcurrency } from '#server/providers/connection-settings';
import { Generation, type GenerationSpec } from './generation';
import { memberGenerationLimit } from './limits';
import { FairScheduler, type SchedulerLimits } from './scheduler';
import type { RestartRecovery } from './sink';
import type { WriteQueue, Write } from './writer';

export type GenerationManagerDeps = {
  db: Db;
  bus: EventBus;
  models: ModelRegistry;
  log: FastifyBaseLogger;
  config: Config;
  /** The write queue replies save through (services.ts builds the process's one). */
  writer: WriteQueue;
  /**
   * What each kind of sink does at start about the replies a previous process left `streaming`
   * (the conversations feature marks them interrupted).
   */
  recoveries?: readonly RestartRecovery[];
  /** Where the fair queue reads its limits (default: the database). */
  limits?: SchedulerLimits;
};

/** Runs and tracks this process's generations. */
export class GenerationManager {
  private readonly running = new Map<string, Generation>();
  private readonly writer: WriteQueue;
  private readonly unhear: Array<() => void>;
  /** The fair queue every generation of this process waits in (also /v1's and titles'). */
  readonly scheduler: FairScheduler;

  constructor(readonly deps: GenerationManagerDeps) {
    this.writer = deps.writer;
    const { bus, db } = deps;
    this.scheduler = new FairScheduler(
      deps.limits ?? {
        member: (userId) => memberGenerationLimit(db, userId),
        server: (connectionId) => serverConcurrency(db, connectionId),
      },
    );
    this.unhear = [
      // An admin changed what the member may do (their own limit among it).
      bus.on('permissions.changed', ({ userId }) => void this.scheduler.refreshMember(userId)),
      bus.on('user.disabled', ({ userId }) => void this.stopUser(userId)),
      bus.on('user.deleted', ({ userId }) => void this.stopUser(userId)),
      bus.on('user.password_reset', ({ userId }) => void this.stopUser(userId)),
      bus.on('conversation.deleted', ({ conversationId }) => void this.stopConversation(conversationId)),
      // Only the owner acts; every other process does not run it and stays quiet.
      bus.on('generation.stop', ({ messageId }) => void this.stop(messageId)),
      bus.on('generation.attach', (request) => this.answerAttach(request)),
    ];
  }

  /** Answers a follower on another process with the text so far of a reply this process runs. */
  private answerAttach({ messageId, requestId }: DomainEvents['generation.attach']): void {
    const generation = this.running.get(messageId);
    if (!generation) return;
    const attachment = generation.attach(() => {});
    // Finished: its `generation.done` is on the user's channel already, which ends the follower.
    if (attachment.finished) return;
    attachment.unsubscribe();
    const { message, content, reasoning, toolCalls, waiting, position } = attachment;
    this.deps.bus.emit('generation.snapshot', {
      messageId,
      requestId,
      message,
      content,
      reasoning,
      toolCalls: [...toolCalls],
      ...(waiting ? { waiting, position } : {}),
    });
  }

  /** Starts streaming a reply into `spec.message`; returns at once. */
  start(spec: GenerationSpec): Generation {
    const generation = new Generation(spec, {
      db: this.deps.db,
      bus: this.deps.bus,
      log: this.deps.log,
      writer: this.writer,
      timeZone: this.deps.config.timeZone,
      scheduler: this.scheduler,
      onSettled: (g) => {
        if (this.running.get(g.id) === g) this.running.delete(g.id);
      },
    });
    this.running.set(generation.id, generation);
    generation.start();
    return generation;
  }

  /**
   * Writes a reply's first rows through the shared write queue (one commit for the writes of
   * a burst of sends). Rejects when the write fails.
   */
  saveRows(key: string, write: Write): Promise<void> {
    return this.writer.write(key, write);
  }

  /** The running generation of an assistant message, if this process runs it. */
  get(messageId: string): Generation | undefined {
    return this.running.get(messageId);
  }

  /** How many replies are streaming right now (for /metrics); the waiting ones are not counted. */
  runningCount(): number {
    return this.running.size - this.waitingCount();
  }

  /** How many replies wait for their turn in the fair queue. */
  waitingCount(): number {
    let n = 0;
    for (const g of this.running.values()) if (g.waiting) n++;
    return n;
  }

  /**
   * Stops a running reply, keeping its text (status `stopped`). Resolves with the saved final
   * message, or null if this process is not running it.
   */
  async stop(messageId: string): Promise<Message | null> {
    const generation = this.running.get(messageId);
    return generation ? generation.stop('stopped') : null;
  }

  /** Stops every running reply of a conversation (before it is deleted). */
  async stopConversation(conversationId: string): Promise<void> {
    const mine = [...this.running.values()].filter(
      (g) => g.context.kind === 'conversation' && g.context.conversationId === conversationId,
    );
    await Promise.all(mine.map((g) => g.stop('stopped')));
  }

  /**
   * Stops every running reply of a user (their account was disabled or deleted), keeping the
   * text so far. The upstream requests are aborted at once; resolves once the replies are saved.
   */
  async stopUser(userId: string): Promise<void> {
    const theirs = [...this.running.values()].filter((g) => g.userId === userId);
    await Promise.all(theirs.map((g) => g.stop('stopped')));
  }

  /**
   * Marks messages left `streaming` by a previous process as `interrupted`; returns how many.
   * Called at start, before the server listens.
   */
  async recoverAfterRestart(): Promise<number> {
    const running = [...this.running.keys()];
    const now = nowIso();
    let recovered = 0;
    for (const recover of this.deps.recoveries ?? []) recovered += await recover(this.deps.db, running, now);
    return recovered;
  }

  /**
   * Stops every running reply, saving its text as `interrupted`, and stops hearing the bus;
   * resolves once all are saved.
   */
  async shutdown(): Promise<void> {
    for (const stop of this.unhear.splice(0)) stop();
    this.scheduler.close();
    await Promise.all([...this.running.values()].map((g) => g.stop('interrupted')));
  }
}
