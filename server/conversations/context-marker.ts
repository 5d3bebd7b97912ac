/**
 * The quiet marker in the chat where older turns were beyond the model's view: which messages
 * the newest reply was written without. Sending remembers it for each reply; a conversation
 * view after a restart (or on another process) works it out again the same way — the same
 * history, system prompt and context length give the same cut — reading only as much of the
 * branch as the window holds.
 *
 * (Not stored in the database: no migration was planned for it in this round. A `context_start_id`
 * column on messages would make it exact even after an admin changes a task's prompt.)
 */
import type { ConversationDetail, Message } from '#common/conversations';
import type { AppContext } from '#server/context';
import { taskSystemPrompt } from '#server/tasks/registry';
import { fitContext, promptBudget, visibleMessages, type ContextFit } from './context-window';
import * as store from './store';
import { byteBound, countMessage, loadTokenizer } from './tokens';

type Marker = { contextStartId: string | null; cutId: string | null };

const REMEMBER_MAX = 5000;
/** Messages read per step when walking the branch backwards. */
const PAGE = 100;

/** The markers this process remembers (`ctx.contextMarkers`), the newest REMEMBER_MAX. */
export class ContextMarkers {
  private readonly remembered = new Map<string, Marker>();

  /** Remembers what the model saw when writing reply `replyId`. */
  remember(replyId: string, fit: Pick<ContextFit, 'contextStartId' | 'cutId'>): void {
    if (this.remembered.size >= REMEMBER_MAX) this.remembered.delete(this.remembered.keys().next().value!);
    this.remembered.set(replyId, { contextStartId: fit.contextStartId, cutId: fit.cutId });
  }

  /** The marker remembered for a reply, if any. */
  get(replyId: string): Marker | undefined {
    return this.remembered.get(replyId);
  }

  /** Forgets every remembered marker (tests: as after a restart). */
  clear(): void {
    this.remembered.clear();
  }
}

function marked(message: Message, marker: Marker): Message {
  const { contextStartId: _start, contextCutId: _cut, ...rest } = message;
  return {
    ...rest,
    ...(marker.contextStartId ? { contextStartId: marker.contextStartId } : {}),
    ...(marker.cutId ? { contextCutId: marker.cutId } : {}),
  };
}

/** Works out the marker of `reply` from the branch before it; null when its model's window is unknown. */
async function recompute(
  ctx: AppContext,
  conversation: ConversationDetail['conversation'],
  reply: Message,
): Promise<Marker | null> {
  const contextLength = reply.model ? ctx.models.knownModel(reply.model)?.contextLength : undefined;
  if (!contextLength) return null;
  const budget = promptBudget(contextLength);
  let tail: Message[] = [];
  let bytes = 0;
  for (let from = reply.parentId; from;) {
    const page = await store.loadBranchPage(ctx.db, conversation.id, from, PAGE);
    if (page.length === 0) break;
    tail = [...page, ...tail];
    from = page[0]!.parentId;
    for (const m of page) bytes += byteBound(m.content);
    if (bytes <= budget) continue;
    // Past the byte bound: count for real, and stop reading once the window is surely full.
    const enc = await loadTokenizer();
    let tokens = 0;
    for (const m of visibleMessages(tail)) tokens += countMessage(enc, m.id, m.content);
    if (tokens > budget) break;
  }
  const fit = await fitContext(await taskSystemPrompt(ctx, conversation.taskId), tail, contextLength);
  return { contextStartId: fit.contextStartId, cutId: fit.cutId };
}

/**
 * A conversation view with the context markers of its replies: those remembered, and the newest
 * reply's worked out when not (only when the page holds the active leaf, i.e. not an older page).
 */
export async function withContextMarkers(ctx: AppContext, detail: ConversationDetail): Promise<ConversationDetail> {
  const leaf = detail.messages.find((m) => m.id === detail.activeLeafId);
  const markers = ctx.contextMarkers;
  if (leaf?.role === 'assistant' && !markers.get(leaf.id)) {
    const marker = await recompute(ctx, detail.conversation, leaf);
    if (marker) markers.remember(leaf.id, marker);
  }
  let changed = false;
  const messages = detail.messages.map((m) => {
    const marker = m.role === 'assistant' ? markers.get(m.id) : undefined;
    if (!marker) return m;
    changed = true;
    return marked(m, marker);
  });
  return changed ? { ...detail, messages } : detail;
}
