/**
 * The state of one `hearth chat`: who is signed in, the conversation on screen, the model and
 * task picked, and the reply running now. No terminal code here: repl.ts draws, this talks to
 * the API.
 */
import type { User } from '#common/auth';
import type { Conversation, Message } from '#common/conversations';
import type { Model } from '#common/models';
import type { Task } from '#common/tasks';
import type { CliIo } from '../io';
import { readState, writeState } from './config-store';
import type { Connection } from './connect';

const stateKey = (server: string) => `lastConversation ${server}`;

/** One chat's state and its API calls. */
export class ChatSession {
  user!: User;
  models: Model[] = [];
  tasks: Task[] = [];
  conversation: Conversation | null = null;
  /** The newest assistant reply of the branch on screen (for /retry). */
  lastReplyId: string | null = null;
  /** The model that wrote it: what the server picked when the conversation names none. */
  lastReplyModel: string | null = null;
  /** Picked before the first message of a new conversation. */
  pendingModel: string | null = null;
  pendingTask: string | null = null;
  /** Show a thinking model's reasoning (dimmed). */
  think = true;
  /** The reply being written now, once the server named it. */
  runningMessageId: string | null = null;

  constructor(
    readonly conn: Connection,
    private readonly io: CliIo,
  ) {}

  get api() {
    return this.conn.api;
  }

  /** Who is signed in, the models and tasks they may use. A revoked token fails here. */
  async load(): Promise<void> {
    const [me, models, tasks] = await Promise.all([
      this.api.me(),
      this.api.listModels(),
      this.api.listTasks().catch(() => ({ items: [] })),
    ]);
    this.user = me.user;
    this.models = models.items;
    this.tasks = tasks.items;
  }

  /** Reopens the conversation this terminal (or the web app) had open last; false when none. */
  async resumeLast(): Promise<boolean> {
    const candidates = [readState(this.io.env)[stateKey(this.conn.server)], this.user.settings.lastConversationId];
    for (const id of candidates) {
      if (
        id &&
        (await this.open(id).then(
          () => true,
          () => false,
        ))
      )
        return true;
    }
    const newest = (await this.api.listConversations({ limit: 1 })).items[0];
    if (!newest) return false;
    await this.open(newest.id);
    return true;
  }

  /** Opens conversation `id`; returns the newest messages of its active branch. */
  async open(id: string): Promise<Message[]> {
    const detail = await this.api.getConversation(id, { limit: 20 });
    this.conversation = detail.conversation;
    const reply = detail.messages.findLast((m) => m.role === 'assistant');
    this.lastReplyId = reply?.id ?? null;
    this.lastReplyModel = reply?.model ?? null;
    this.remember();
    return detail.messages;
  }

  /** Forgets the conversation on screen: the next message starts a new one. */
  clear(): void {
    this.conversation = null;
    this.lastReplyId = null;
    this.lastReplyModel = null;
  }

  /** Saves which conversation to continue next time. */
  remember(): void {
    if (this.conversation) writeState(this.io.env, { [stateKey(this.conn.server)]: this.conversation.id });
  }

  /** The conversation to send to, created (with the picked model and task) when there is none. */
  async ensureConversation(): Promise<Conversation> {
    if (this.conversation) return this.conversation;
    this.conversation = await this.api.createConversation({
      ...(this.pendingModel ? { model: this.pendingModel } : {}),
      ...(this.pendingTask ? { taskId: this.pendingTask } : {}),
    });
    this.remember();
    return this.conversation;
  }

  /** The model in use: the conversation's, the one picked, or the account's default. */
  currentModel(): string | null {
    return (
      this.conversation?.model ??
      this.pendingModel ??
      this.user.settings.defaultModel ??
      this.lastReplyModel ??
      this.models.find((m) => m.available)?.id ??
      null
    );
  }

  currentTask(): string {
    return this.conversation?.taskId ?? this.pendingTask ?? 'general';
  }

  /** A model this user may use by id, name or unique part of either. */
  findModel(query: string): Model | Model[] {
    const q = query.toLowerCase();
    const exact = this.models.find((m) => m.id.toLowerCase() === q || m.name.toLowerCase() === q);
    if (exact) return exact;
    const partial = this.models.filter((m) => m.id.toLowerCase().includes(q));
    return partial.length === 1 ? partial[0]! : partial;
  }

  findTask(query: string): Task | Task[] {
    const q = query.toLowerCase();
    const exact = this.tasks.find((t) => t.id.toLowerCase() === q || t.name.toLowerCase() === q);
    if (exact) return exact;
    const partial = this.tasks.filter((t) => t.id.toLowerCase().includes(q) || t.name.toLowerCase().includes(q));
    return partial.length === 1 ? partial[0]! : partial;
  }

  /** Switches the model (of the conversation, or of the next one). */
  async setModel(model: Model): Promise<void> {
    if (this.conversation)
      this.conversation = await this.api.updateConversation(this.conversation.id, { model: model.id });
    else this.pendingModel = model.id;
  }

  async setTask(task: Task): Promise<void> {
    if (this.conversation)
      this.conversation = await this.api.updateConversation(this.conversation.id, { taskId: task.id });
    else this.pendingTask = task.id;
  }
}
