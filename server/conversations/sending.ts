/**
 * Sending a message, regenerating a reply and editing a message: each saves its new messages
 * (an empty assistant reply, and the user's message when there is one) and starts the generation
 * that fills the reply. The model sees the branch the new reply sits on, never the reasoning.
 *
 * Regenerate and edit never change a saved message: they add a sibling version (same parent), so
 * earlier versions stay and the new one becomes the active branch. While a reply is being
 * written in the conversation they answer 409: the user stops it first (the web app offers them
 * only when nothing is streaming). Refusing rather than stopping it silently means a second tab
 * or a script never throws away a reply someone is watching.
 */
import {
  DEFAULT_TITLE,
  type EditMessageBody,
  type Message,
  type RegenerateBody,
  type SendMessageBody,
} from '#common/conversations';
import type { User } from '#common/auth';
import type { AppContext } from '#server/context';
import { nowIso } from '#server/db/database';
import { newId } from '#server/db/ids';
import { badRequest, conflict, HttpError, modelUnavailable, notFound } from '#server/errors';
import { fieldError } from '#server/security/field-words';
import type { Generation } from '#server/generation/generation';
import type { GenerationTool } from '#server/generation/tools';
import { resolveGenerationPlan } from '#server/tasks/plan';
import { replyTools } from '#server/tasks/tool-registry';
import { conversationSink } from './generation-sink';
import { replyContext, titleFromMessage } from './history';
import { announceUpdated, requireConversation } from './service';
import * as store from './store';
import { titleInBackground } from './titles';
import { failureAudience } from './failure-audience';
import { noModelMessage } from '#server/generation/failure-words';
import { checkAiSend } from '#server/safety/family/gate';
import { checkInput } from '#server/safety/family/input-check';
import { replyGuardFor } from '#server/safety/family/output-check';

/** The saved user message and the generation writing the reply. */
export type SendResult = { userMessage: Message; generation: Generation };

/**
 * What the conversation's task decides (server/tasks/plan.ts: system messages, model, parameters,
 * tool names) and the model's provider.
 */
async function resolveModel(
  ctx: AppContext,
  user: User,
  requested: string | undefined,
  conversation: store.StoredConversation,
) {
  const plan = await resolveGenerationPlan(ctx, {
    user,
    taskId: conversation.taskId,
    requested,
    current: conversation.model,
    // In the words the member or admin should hear (security's plain-words messages).
    noModelMessage: async () => noModelMessage(await failureAudience(ctx, user)),
  });
  const resolved = await ctx.models.resolve(plan.modelId);
  if (!resolved) throw new HttpError(404, 'model_not_found', `There is no model "${plan.modelId}".`, 'model');
  return { modelId: plan.modelId, plan, ...resolved };
}

type ResolvedModel = Awaited<ReturnType<typeof resolveModel>>;

/** The window the history must fit: the smaller of the model's and the task's, when known. */
const smallerWindow = (model: number | undefined, task: number | undefined) =>
  model && task ? Math.min(model, task) : (model ?? task);

function checkLength(ctx: AppContext, content: string): void {
  if (content.length > ctx.config.maxMessageChars) {
    const limit = ctx.config.maxMessageChars;
    throw fieldError('content', `must be at most ${limit} characters`, { rule: 'too_long', limit }, 413);
  }
}

/** What starting a reply needs. */
type ReplySpec = {
  user: User;
  conversation: store.StoredConversation;
  model: ResolvedModel;
  /** The branch the model sees, root first, ending with the message the reply answers. */
  history: readonly store.BranchMessage[];
  /** The user message to save with the reply (send, edit); null when regenerating. */
  userMessage: Message | null;
  /** The reply's parent. */
  parentId: string | null;
  /** More conversation columns to change in the same transaction (a title). */
  change?: store.ConversationChange;
  /** Tools the model may call (none in the normal chat yet). */
  tools?: readonly GenerationTool[] | undefined;
};

/** How a reply is written beyond the message itself. */
export type ReplyOptions = {
  /** Tools the model may call; the normal chat offers none (a tool-using task will). */
  tools?: readonly GenerationTool[] | undefined;
};

/**
 * Saves the new rows, makes the reply the active leaf and starts its generation. Resolves once
 * the rows are saved; the upstream request is already under way by then (it only needs the
 * history, not the new rows).
 */
async function startReply(ctx: AppContext, spec: ReplySpec): Promise<Generation> {
  const now = nowIso();
  const conversationId = spec.conversation.id;
  const assistant: Message = {
    id: newId(),
    conversationId,
    parentId: spec.parentId,
    role: 'assistant',
    content: '',
    status: 'streaming',
    model: spec.model.modelId,
    createdAt: now,
    updatedAt: now,
  };
  const change: store.ConversationChange = {
    ...spec.change,
    activeLeafId: assistant.id,
    model: spec.model.modelId,
    updatedAt: now,
  };
  const messages = spec.userMessage ? [spec.userMessage, assistant] : [assistant];
  const { plan } = spec.model;
  const turns = await replyContext(
    plan.system,
    spec.history,
    { contextLength: smallerWindow(spec.model.model.contextLength, plan.options.contextLength) },
    assistant,
    ctx.contextMarkers,
  );
  // The upstream request goes out first and the rows are written while it travels: SQLite's
  // write is synchronous, so doing it before would add its time to every first token.
  // The task's tools (the member granted it), unless the caller brought its own.
  const taskTools = spec.tools
    ? { tools: [...spec.tools] }
    : await replyTools(ctx, spec.user, spec.conversation.taskId, spec.model.modelId);
  let rowsWritten!: (saved: Promise<void>) => void;
  const saved = new Promise<void>((resolve) => (rowsWritten = resolve));
  const generation = ctx.generations.start({
    sink: conversationSink(spec.user.id, conversationId, await failureAudience(ctx, spec.user)),
    // A supervised member's reply is checked while it streams (family safety).
    guard: await replyGuardFor(ctx, spec.user, { conversationId, history: turns }),
    message: assistant,
    provider: spec.model.provider,
    upstreamModel: spec.model.upstreamModel,
    turns,
    saved,
    ...taskTools,
    options: plan.options,
  });
  // Through the write queue, which runs after this loop turn's I/O (so after the SDK has handed
  // the request to the socket) and shares one commit among a burst of sends.
  rowsWritten(
    ctx.generations.saveRows(`rows:${assistant.id}`, (db) =>
      store.insertMessages(db, { messages, conversationId, change }),
    ),
  );
  await saved;
  return generation;
}

/** A branch as plain turns, for the moderation model (it reads what was said, nothing else). */
const spokenTurns = (branch: readonly store.BranchMessage[]) =>
  branch.flatMap((m) =>
    m.role === 'user' || m.role === 'assistant' ? [{ role: m.role, content: m.content } as const] : [],
  );

function newUserMessage(conversationId: string, parentId: string | null, content: string): Message {
  const now = nowIso();
  return {
    id: newId(),
    conversationId,
    parentId,
    role: 'user',
    content,
    status: 'complete',
    createdAt: now,
    updatedAt: now,
  };
}

/** Sends a message on the active branch and starts the reply. */
export async function sendMessage(
  ctx: AppContext,
  user: User,
  conversationId: string,
  body: Pick<SendMessageBody, 'content' | 'model'>,
  options: ReplyOptions = {},
): Promise<SendResult> {
  checkLength(ctx, body.content);
  const conversation = await requireConversation(ctx, user.id, conversationId);
  // Quiet hours and daily budgets of a supervised member, before anything is saved or sent.
  await checkAiSend(ctx, user);
  const model = await resolveModel(ctx, user, body.model, conversation);
  const branch = await store.loadBranch(ctx.db, conversationId, conversation.activeLeafId);
  // A supervised member's message is checked before anything is saved or sent (family safety).
  await checkInput(ctx, user, { text: body.content, to: 'ai', history: spokenTurns(branch), conversationId });
  const userMessage = newUserMessage(conversationId, conversation.activeLeafId, body.content);

  const change: store.ConversationChange = {};
  // The first words of the first message, until the model's title arrives (titles.ts).
  const autoTitle =
    !conversation.titleByUser && conversation.title === DEFAULT_TITLE && !branch.some((m) => m.role === 'user');
  if (autoTitle) change.title = titleFromMessage(body.content);

  const generation = await startReply(ctx, {
    user,
    conversation,
    model,
    history: [...branch, userMessage],
    userMessage,
    parentId: userMessage.id,
    change,
    tools: options.tools,
  });
  if (autoTitle) announceUpdated(ctx, user.id, conversationId);
  // The model's own title, once the first reply is done; the first words stand until then.
  if (autoTitle && ctx.config.generatedTitles) {
    const { provider, upstreamModel } = model;
    void titleInBackground(ctx, {
      userId: user.id,
      conversationId,
      provider,
      upstreamModel,
      connectionId: model.model.connectionId,
      firstMessage: body.content,
      reply: generation.finished,
    });
  }
  return { userMessage, generation };
}

/** The caller's message with the given role and its conversation; 404 for someone else's, 400 for the wrong role. */
async function requireVersionable(ctx: AppContext, user: User, messageId: string, role: 'user' | 'assistant') {
  const found = await store.findMessageWithOwner(ctx.db, messageId);
  if (!found || found.userId !== user.id) throw notFound('That message');
  if (found.message.role !== role) {
    throw badRequest(
      role === 'assistant'
        ? 'id: only an assistant reply can be regenerated'
        : 'id: only your own messages can be edited',
      'id',
    );
  }
  const conversation = await requireConversation(ctx, user.id, found.message.conversationId);
  if (await store.hasStreamingMessage(ctx.db, conversation.id)) {
    throw conflict('A reply is still being written in this conversation. Stop it first, then try again.');
  }
  return { original: found.message, conversation };
}

/**
 * A new version of an assistant reply: a sibling (same parent) written again from the same
 * history, which becomes the active branch. The earlier version stays.
 */
export async function regenerateReply(
  ctx: AppContext,
  user: User,
  messageId: string,
  body: Pick<RegenerateBody, 'model'>,
): Promise<Generation> {
  const { original, conversation } = await requireVersionable(ctx, user, messageId, 'assistant');
  await checkAiSend(ctx, user);
  const model = await resolveModel(ctx, user, body.model, conversation);
  const history = await store.loadBranch(ctx.db, conversation.id, original.parentId);
  return startReply(ctx, { user, conversation, model, history, userMessage: null, parentId: original.parentId });
}

/**
 * A new version of a user message: a sibling (same parent) with the new text, and its reply,
 * which become the active branch. The earlier version and everything after it stay.
 */
export async function editMessage(
  ctx: AppContext,
  user: User,
  messageId: string,
  body: Pick<EditMessageBody, 'content' | 'model'>,
): Promise<SendResult> {
  checkLength(ctx, body.content);
  const { original, conversation } = await requireVersionable(ctx, user, messageId, 'user');
  await checkAiSend(ctx, user);
  const model = await resolveModel(ctx, user, body.model, conversation);
  const history = await store.loadBranch(ctx.db, conversation.id, original.parentId);
  await checkInput(ctx, user, {
    text: body.content,
    to: 'ai',
    history: spokenTurns(history),
    conversationId: conversation.id,
  });
  const userMessage = newUserMessage(conversation.id, original.parentId, body.content);
  const generation = await startReply(ctx, {
    user,
    conversation,
    model,
    history: [...history, userMessage],
    userMessage,
    parentId: userMessage.id,
  });
  return { userMessage, generation };
}

/**
 * The finished reply, for `stream: false`. A reply that failed before writing anything is a
 * 502/503 (the messages stay saved, status error); a partial one is returned.
 */
export async function finishedReply(generation: Generation): Promise<Message> {
  const assistantMessage = await generation.finished;
  if (assistantMessage.status === 'error' && assistantMessage.content === '') {
    const failure = generation.failure;
    // The saved error is already worded for the asker (no technical detail for a member).
    const words = assistantMessage.error?.message ?? failure?.message;
    if (failure && words) throw modelUnavailable(words, failure.failure === 'unreachable' ? 503 : 502);
    throw new HttpError(500, 'internal_error', assistantMessage.error?.message ?? 'The reply failed.');
  }
  return assistantMessage;
}

/** The answer of send or edit with `stream: false`, once the reply is finished. */
export async function waitForReply(result: SendResult): Promise<{ userMessage: Message; assistantMessage: Message }> {
  return { userMessage: result.userMessage, assistantMessage: await finishedReply(result.generation) };
}
