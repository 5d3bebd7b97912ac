/**
 * A conversation as Markdown, to read or share: the title, a line with its dates, and the
 * branch on screen turn by turn, each labelled (You / the model's name), a reply's tool calls
 * listed under it, shortened. Thinking is left out; other branches too (the JSON export keeps
 * everything).
 */
import type { Conversation, Message, ToolCall } from '#common/conversations';
import { exportWords, formatExportTime, type ExportLocale, type ExportWords } from './export-locale';

/** How much of a call's arguments and of its result a reader is shown. */
const ARGUMENTS_CHARS = 200;
const RESULT_CHARS = 300;

/** The model's name without the connection part of its id (`env-1/llama3` → `llama3`). */
const modelName = (model: string | undefined, words: ExportWords) =>
  model ? model.slice(model.indexOf('/') + 1) || model : words.assistant;

/** The branch ending at `leafId`, root first (a corrupt parent link ends the walk, never loops). */
export function activeBranch(messages: readonly Message[], leafId: string | null): Message[] {
  const byId = new Map(messages.map((m) => [m.id, m]));
  const branch: Message[] = [];
  for (let id = leafId; id !== null && branch.length < messages.length;) {
    const message = byId.get(id);
    if (!message) break;
    branch.push(message);
    id = message.parentId;
  }
  return branch.reverse();
}

/** Plain text that Markdown must not read as emphasis, code, a link or HTML. */
const escaped = (text: string) => text.replace(/[\\*_`[\]<>]/g, '\\$&');

function label(m: Message, words: ExportWords): string {
  if (m.role === 'user') return words.you;
  if (m.role === 'system') return words.system;
  return escaped(modelName(m.model, words));
}

/** What became of a reply that did not finish, in words (the server's error text stays as it is). */
function statusNote(m: Message, words: ExportWords): string {
  if (m.status === 'stopped') return `\n\n*(${words.stopped})*`;
  if (m.status === 'interrupted') return `\n\n*(${words.interrupted})*`;
  if (m.status === 'blocked') return `\n\n*(${words.blocked})*`;
  if (m.status === 'error')
    return `\n\n*(${words.failed}${m.error ? `: ${m.error.message.replace(/\s+/g, ' ')}` : ''})*`;
  return '';
}

/** `text` on one line, cut to `max` characters (never inside a character) with an ellipsis. */
function clip(text: string, max: number): string {
  // Only the start is looked at: a result can be large.
  const flat = text
    .slice(0, max * 4)
    .replace(/\s+/g, ' ')
    .trim();
  const chars = Array.from(flat);
  return chars.length <= max
    ? flat
    : `${chars
        .slice(0, max - 1)
        .join('')
        .trimEnd()}…`;
}

/** `text` as inline code, fenced with more backticks than it holds so nothing inside breaks out. */
function code(text: string): string {
  const longest = Math.max(0, ...Array.from(text.matchAll(/`+/g), (m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** A value as a reader sees it: text as is, anything else as compact JSON. */
const shown = (value: unknown) => (typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value)));

/** One list item per tool call: what was called with what, then its result or why it was not run. */
function toolCallLines(calls: readonly ToolCall[], words: ExportWords): string {
  return calls
    .map((call) => {
      const used = `- ${words.used} ${code(clip(call.name, 80))}: ${code(clip(shown(call.arguments), ARGUMENTS_CHARS))}`;
      if (call.refused)
        return `${used}\n  ${words.notCarriedOut}: ${escaped(clip(call.refused.message, RESULT_CHARS))}`;
      if (call.result !== undefined)
        return `${used}\n  ${words.result}: ${code(clip(shown(call.result), RESULT_CHARS))}`;
      return used;
    })
    .join('\n');
}

/** The Markdown export of `conversation` (its branch on screen), in `locale`'s words and times. */
export function conversationMarkdown(
  conversation: Conversation,
  messages: readonly Message[],
  exportedAt: string,
  locale: ExportLocale,
): string {
  const words = exportWords(locale.language);
  const day = (iso: string) => formatExportTime(iso, locale);
  const branch = activeBranch(messages, conversation.activeLeafId);
  const title = conversation.title.replace(/\s+/g, ' ').trim() || words.conversation;
  const dates = [
    `${words.started} ${day(conversation.createdAt)}`,
    `${words.lastChanged} ${day(conversation.updatedAt)}`,
    `${words.exported} ${day(exportedAt)}`,
    `${words.timesIn} ${locale.timeZone}`,
  ];
  const parts = [`# ${title}`, `*${dates.join(' · ')}*`];
  for (const m of branch) {
    parts.push('---', `**${label(m, words)}** · ${day(m.createdAt)}`);
    if (m.toolCalls?.length)
      parts.push(...(m.content ? [m.content] : []), `${toolCallLines(m.toolCalls, words)}${statusNote(m, words)}`);
    else parts.push(`${m.content}${statusNote(m, words)}`);
  }
  return `${parts.join('\n\n')}\n`;
}
