/**
 * What the assistant reads in a room: the task's prompt, a note on where it is and who asked,
 * then the room's recent messages as chat turns — each member's prefixed with their name
 * ("Alice: …"), the assistant's own earlier replies as its turns (with their tool calls) — cut
 * to the model's context window by the same fitting and token counting as AI chat
 * (conversations/context-window.ts).
 */
import type { MessageStatus } from '#common/conversations';
import type { Model } from '#common/models';
import type { RoomMessage } from '#common/messaging';
import { fitContext } from '#server/conversations/context-window';
import type { ChatTurn } from '#server/providers/types';

/** How many recent messages are read at most; the context window usually cuts sooner. */
export const CONTEXT_MESSAGES = 100;

type Turn = Parameters<typeof fitContext>[1][number];

/** A room's status in AI chat's terms (only for choosing what the model sees). */
const asStatus = (m: RoomMessage): MessageStatus => (m.status === 'blocked' ? 'error' : (m.status ?? 'complete'));

/** One room message as the model reads it; null for a tombstone. */
function toTurn(m: RoomMessage): Turn | null {
  if (m.deletedAt) return null;
  if (m.kind === 'assistant')
    return {
      id: m.id,
      parentId: null,
      role: 'assistant',
      content: m.text,
      status: asStatus(m),
      toolCalls: m.toolCalls,
    };
  const files = m.attachments.map((a) => ` [file: ${a.name}]`).join('');
  const name = m.sender?.displayName ?? 'Former member';
  return { id: m.id, parentId: null, role: 'user', content: `${name}: ${m.text}${files}`, status: 'complete' };
}

/** Where the assistant is and who asked, after the task's own prompt. */
export function roomNote(roomName: string, askerName: string): string {
  return (
    `You are in "${roomName}", a group chat of the household's members. Each message from a member ` +
    `starts with their name. ${askerName} asked you to answer: reply to the room directly, without ` +
    'a name in front of your answer.'
  );
}

/**
 * The turns for a reply: the system prompt (the task's, then the room note), a supervised
 * asker's locked age-band instruction as its own system message (`locked`), and the most recent
 * of `messages` (oldest first, ending with the question) that fit `model`'s window.
 */
export async function roomTurns(
  taskPrompt: string | null,
  note: string,
  messages: readonly RoomMessage[],
  model: Pick<Model, 'contextLength'>,
  locked: string | null = null,
): Promise<ChatTurn[]> {
  const system = taskPrompt ? `${taskPrompt}\n\n${note}` : note;
  const turns = messages.map(toTurn).filter((t): t is Turn => t !== null);
  return (await fitContext(locked ? [system, locked] : system, turns, model.contextLength)).turns;
}
