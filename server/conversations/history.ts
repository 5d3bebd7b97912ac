/**
 * What the model sees: the branch the reply sits on (root → the message it answers, loaded by
 * store.loadBranch) as chat turns after the task's system prompt, cut to the model's context
 * window (context-window.ts). Reasoning is never sent back.
 */
import type { Message } from '#common/conversations';
import type { Model } from '#common/models';
import type { ChatTurn } from '#server/providers/types';
import { fitContext } from './context-window';
import type { ContextMarkers } from './context-marker';
import type { BranchMessage } from './store';

/**
 * The turns for writing `reply`: the system prompt and the most recent messages of `history`
 * that fit `model`'s context window. Marks on `reply` (and remembers for the conversation view)
 * where the model's view began and which message it saw only in part.
 */
export async function replyContext(
  system: readonly string[],
  history: readonly BranchMessage[],
  model: Pick<Model, 'contextLength'>,
  reply: Message,
  markers: ContextMarkers,
): Promise<ChatTurn[]> {
  const fit = await fitContext(system, history, model.contextLength);
  if (fit.contextStartId) reply.contextStartId = fit.contextStartId;
  if (fit.cutId) reply.contextCutId = fit.cutId;
  markers.remember(reply.id, fit);
  return fit.turns;
}

/** A title from the first words of a message: at most `max` characters, cut at a word boundary. */
export function titleFromMessage(text: string, max = 60): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat || 'New chat';
  const cut = flat.slice(0, max + 1);
  const lastSpace = cut.lastIndexOf(' ');
  // One very long word: cut it hard rather than return nothing.
  const title = (lastSpace > 0 ? cut.slice(0, lastSpace) : flat.slice(0, max)).replace(/[\s,.;:!?-]+$/, '');
  return title || flat.slice(0, max);
}
