/**
 * The assistant at the table: a member's message that says `@assistant` (the general task) or
 * `@<task id>` (e.g. `@music`) makes the assistant answer in the room, for everyone to read.
 *
 * The reply runs as the member who asked: their task and model permissions (a member who may
 * not use the task gets a plain refusal in the room instead: a short assistant message with
 * status `error`, so the others see why nothing came; so do a supervised member's quiet hours
 * and daily budgets, safety/family/gate.ts), their chat rate limit (counted on the
 * post, see `enforceAskLimit`) and the generation manager's place for their replies. Only
 * they can stop it (`stopRoomReply`).
 *
 * The reply is an assistant RoomMessage (`askedBy`, `replyTo` the question) inserted under the
 * room's next seq before the model is asked, so members catching up with `?since=` see it; the
 * generation writes it through the room sink (assistant-sink.ts).
 */
import { replyTools } from '#server/tasks/tool-registry';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { User } from '#common/auth';
import type { Message } from '#common/conversations';
import type { RoomMessage } from '#common/messaging';
import type { AppContext } from '#server/context';
import { nowIso } from '#server/db/database';
import { newId } from '#server/db/ids';
import { defaultModelFor, requireModelAllowed } from '#server/accounts/permissions';
import { ASSISTANT_MENTION } from '#server/accounts/reserved-names';
import { HttpError } from '#server/errors';
import { replyGuardFor } from '#server/safety/family/output-check';
import { DEFAULT_TASK_ID, getTask, isTaskUsable, listTasks, taskSystemPrompt } from '#server/tasks/registry';
import { CONTEXT_MESSAGES, roomNote, roomTurns } from './assistant-context';
import { roomSink } from './assistant-sink';
import { publishToRoom } from './fanout';
import { insertMessage, messagesBefore, toRoomMessages } from './message-store';
import { findRoom, memberIdsOf } from './store';
import { checkAiSend } from '#server/safety/family/gate';
import { ageBandInstruction } from '#server/safety/family/age-band';

/** `@name` at the start or after a space or punctuation (not inside an e-mail address). */
const MENTION = /(?<![\p{L}\p{N}_@.])@([a-z0-9][a-z0-9._-]{0,63})/giu;
/** Code spans and blocks: `@assistant` written there is about the assistant, not to it. */
const CODE = /```[\s\S]*?(?:```|$)|`[^`\n]*`/g;

/**
 * The task a message calls the assistant with: `@assistant` → the general task, `@<task id>` →
 * that task (the first such mention wins), or null when it calls nobody.
 */
export function mentionedTask(text: string, taskIds: ReadonlySet<string>): string | null {
  for (const match of text.replace(CODE, ' ').matchAll(MENTION)) {
    const name = match[1]!.toLowerCase().replace(/[._-]+$/, '');
    if (name === ASSISTANT_MENTION) return DEFAULT_TASK_ID;
    if (taskIds.has(name)) return name;
  }
  return null;
}

/** Every task id (enabled or not: a disabled one is answered with a refusal, not ignored). */
async function taskIds(ctx: AppContext): Promise<Set<string>> {
  return new Set((await listTasks(ctx)).map((t) => t.id));
}

/**
 * Counts a post that calls the assistant against the poster's chat limit, before anything is
 * stored: over it, the post is refused with 429 `rate_limited` (the member can send it again).
 */
export async function enforceAskLimit(app: FastifyInstance, request: FastifyRequest, text: string): Promise<void> {
  if (!text.includes('@')) return;
  if (mentionedTask(text, await taskIds(app.ctx)) !== null) await app.enforceChatLimit(request);
}

/** Inserts an assistant message under the room's next seq; returns it in its API shape. */
async function insertReply(
  ctx: AppContext,
  question: RoomMessage,
  asker: User,
  status: 'streaming' | 'error',
  text: string,
): Promise<RoomMessage> {
  const { row } = await insertMessage(ctx.db, {
    id: newId(),
    roomId: question.roomId,
    kind: 'assistant',
    senderId: null,
    text,
    replyToId: question.id,
    clientId: null,
    status,
    toolCalls: null,
    askedBy: asker.id,
    createdAt: nowIso(),
    mentions: [],
    attachmentIds: [],
  });
  return (await toRoomMessages(ctx.db, [row]))[0]!;
}

/** The model the reply is written with: the task's default, the member's, the first they may use. */
async function pickModel(ctx: AppContext, asker: User, taskId: string) {
  const task = await getTask(ctx, taskId);
  const inTask = (id: string | null | undefined): id is string =>
    !!id && (!task || task.models.length === 0 || task.models.includes(id));
  const candidates = [task?.defaultModel, asker.settings.defaultModel, ...(task?.models ?? [])];
  const modelId = candidates.find(inTask) ?? (await defaultModelFor(ctx, asker.id));
  if (!modelId) throw new HttpError(503, 'model_unavailable', 'no model server is reachable right now.');
  await requireModelAllowed(ctx, asker, modelId);
  const resolved = await ctx.models.resolve(modelId);
  if (!resolved) throw new HttpError(404, 'model_not_found', `there is no model "${modelId}".`);
  return { modelId, ...resolved };
}

/** The reply's carrier for the generation (which writes AI chat's Message shape). */
const carrier = (reply: RoomMessage, modelId: string): Message => ({
  id: reply.id,
  conversationId: reply.roomId,
  parentId: null,
  role: 'assistant',
  content: '',
  status: 'streaming',
  model: modelId,
  createdAt: reply.createdAt,
  updatedAt: reply.createdAt,
});

/**
 * Answers `question` in its room when it calls the assistant. Call after the question is stored
 * and announced. Returns the reply as started (or the refusal), or null when nobody was called.
 */
export async function answerIfAsked(ctx: AppContext, asker: User, question: RoomMessage): Promise<RoomMessage | null> {
  if (question.kind !== 'person' || !question.text.includes('@')) return null;
  const taskId = mentionedTask(question.text, await taskIds(ctx));
  if (taskId === null) return null;
  const [room, memberIds] = await Promise.all([
    findRoom(ctx.db, question.roomId),
    memberIdsOf(ctx.db, question.roomId),
  ]);
  if (!room) return null;
  const refuse = async (why: string) => {
    const refusal = await insertReply(ctx, question, asker, 'error', why);
    await publishToRoom(ctx, refusal.roomId, { type: 'room.message', roomId: refusal.roomId, message: refusal });
    return refusal;
  };
  if (!(await isTaskUsable(ctx, asker.id, taskId))) {
    const name = (await getTask(ctx, taskId))?.name ?? taskId;
    return refuse(
      `${asker.displayName} cannot use “${name}”, so the assistant did not answer. Whoever runs Hearth can allow it in the admin console.`,
    );
  }
  try {
    // A supervised asker's quiet hours and daily budgets: the room reads why, in plain words.
    await checkAiSend(ctx, asker);
  } catch (err) {
    if (!(err instanceof HttpError)) throw err;
    return refuse(`The assistant did not answer ${asker.displayName}. ${err.message}`);
  }
  let model;
  try {
    model = await pickModel(ctx, asker, taskId);
  } catch (err) {
    if (!(err instanceof HttpError)) throw err;
    return refuse(`The assistant could not answer: ${err.message}`);
  }
  const recent = await messagesBefore(ctx.db, question.roomId, null, CONTEXT_MESSAGES);
  const history = await toRoomMessages(ctx.db, recent.reverse());
  const turns = await roomTurns(
    await taskSystemPrompt(ctx, taskId),
    roomNote(room.name, asker.displayName),
    history,
    model.model,
    await ageBandInstruction(ctx, asker),
  );
  // A supervised asker's reply is checked while it streams (family safety); the guard is built
  // before the reply row exists, so a reply stopped on its first words never shows them.
  const guard = await replyGuardFor(ctx, asker, { roomId: question.roomId });
  const reply = await insertReply(ctx, question, asker, 'streaming', '');
  ctx.generations.start({
    sink: roomSink({ initial: reply, askerId: asker.id, memberIds }),
    guard,
    message: carrier(reply, model.modelId),
    provider: model.provider,
    upstreamModel: model.upstreamModel,
    turns,
    // The row is committed already: the start event may go out at once.
    saved: Promise.resolve(),
    // The task's tools (`@music`: the catalogue query), as in AI chat; their calls and rows are
    // saved on the reply, so every member sees how it was found.
    ...(await replyTools(ctx, asker, taskId, model.modelId)),
  });
  return reply;
}

/** `answerIfAsked` without waiting: the post's 201 does not wait for the model. */
export function answerInBackground(ctx: AppContext, asker: User, question: RoomMessage): void {
  answerIfAsked(ctx, asker, question).catch((err: unknown) =>
    ctx.log.error({ err, messageId: question.id }, 'the assistant could not start a room reply'),
  );
}
