/**
 * A conversation as Markdown, to read or share: the title, a line with its dates, and the
 * branch on screen turn by turn, each labelled (You / the model's name). Thinking is left out;
 * other branches too (the JSON export keeps everything).
 */
import type { Conversation, Message } from '#common/conversations';

/** `2024-05-01 10:00 UTC` from a stored ISO time. */
const day = (iso: string) => `${iso.slice(0, 16).replace('T', ' ')} UTC`;

/** The model's name without the connection part of its id (`env-1/llama3` → `llama3`). */
const modelName = (model: string | undefined) => (model ? model.slice(model.indexOf('/') + 1) || model : 'Assistant');

/** The branch ending at `leafId`, root first (a corrupt parent link ends the walk, never loops). */
export function activeBranch(messages: readonly Message[], leafId: string | null): Message[] {
  const byId = new Map(messages.map((m) => [m.id, m]));
  const branch: Message[] = [];
  for (let id = leafId; id !== null && branch.length < messages.length; ) {
    const message = byId.get(id);
    if (!message) break;
    branch.push(message);
    id = message.parentId;
  }
  return branch.reverse();
}

function label(m: Message): string {
  if (m.role === 'user') return 'You';
  if (m.role === 'system') return 'System';
  return modelName(m.model).replace(/[\\*_`[\]<>]/g, '\\$&');
}

/** What became of a reply that did not finish, in words. */
function statusNote(m: Message): string {
  if (m.status === 'stopped') return '\n\n*(stopped)*';
  if (m.status === 'interrupted') return '\n\n*(interrupted)*';
  if (m.status === 'error') return `\n\n*(failed${m.error ? `: ${m.error.message.replace(/\s+/g, ' ')}` : ''})*`;
  return '';
}

/** The Markdown export of `conversation` (its branch on screen). */
export function conversationMarkdown(conversation: Conversation, messages: readonly Message[], exportedAt: string): string {
  const branch = activeBranch(messages, conversation.activeLeafId);
  const title = conversation.title.replace(/\s+/g, ' ').trim() || 'Conversation';
  const dates = [`Started ${day(conversation.createdAt)}`, `last changed ${day(conversation.updatedAt)}`, `exported from Hearth ${day(exportedAt)}`];
  const parts = [`# ${title}`, `*${dates.join(' · ')}*`];
  for (const m of branch) {
    parts.push('---', `**${label(m)}** · ${day(m.createdAt)}`, `${m.content}${statusNote(m)}`);
  }
  return `${parts.join('\n\n')}\n`;
}
