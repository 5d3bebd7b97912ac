/**
 * Reads a Claude.ai export (`conversations.json`: a list of conversations, each with
 * `chat_messages`). Claude's export keeps no branches — only the messages of the conversation
 * as it was last seen, not always in order — so a conversation becomes one branch, its
 * messages ordered by time (file order among equal times). The text is `text`, or the text
 * blocks of `content` in newer exports; attached files are named at the end of the message
 * (their content is not in the export).
 */
import { z } from 'zod';
import { titleFromMessage } from './history';
import { importInvalid, joinPath, parseOrRefuse } from './import-errors';
import { checkLimit, countOf, MAX_MESSAGES_PER_CONVERSATION } from './import-limits';
import { fileTime, type ImportedConversation, type ImportedMessage } from './import-tree';

const Time = z.iso.datetime({ offset: true });
const FileName = z.object({ file_name: z.string().max(1000).nullish() });

const ClaudeMessage = z.object({
  uuid: z.string().max(256).nullish(),
  text: z.string().nullish(),
  content: z.array(z.unknown()).max(1000).nullish(),
  sender: z.string().max(64),
  created_at: Time,
  updated_at: Time.nullish(),
  attachments: z.array(FileName).max(1000).nullish(),
  files: z.array(FileName).max(1000).nullish(),
});
type ClaudeMessage = z.infer<typeof ClaudeMessage>;

const ClaudeConversation = z.object({
  name: z.string().max(10_000).nullish(),
  created_at: Time,
  updated_at: Time.nullish(),
  chat_messages: z.array(z.unknown()),
});

/** Whether a parsed JSON value looks like one Claude.ai conversation. */
export function isClaudeConversation(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.hasOwn(value, 'chat_messages');
}

/** The message's text: `text`, else the text blocks of `content`; plus the names of attached files. */
function textOf(message: ClaudeMessage): string {
  let text = message.text ?? '';
  if (text.trim() === '' && message.content) {
    text = message.content
      .flatMap((block) => {
        const b = block as { type?: unknown; text?: unknown } | null;
        return typeof b === 'object' && b !== null && b.type === 'text' && typeof b.text === 'string' ? [b.text] : [];
      })
      .join('\n\n');
  }
  const names = [...(message.attachments ?? []), ...(message.files ?? [])]
    .map((f) => f.file_name?.replace(/[\r\n*_`[\]]/g, ' ').trim())
    .filter((n): n is string => !!n);
  if (names.length > 0) text = `${text.trim()}\n\n*Attached: ${names.join(', ')}*`;
  return text.trim();
}

/** The conversations of a Claude.ai export, in file order. */
export function readClaude(values: readonly unknown[]): ImportedConversation[] {
  return values.map((value, i) => {
    const path = `[${i}]`;
    if (!isClaudeConversation(value))
      throw importInvalid(path, 'is not a Claude conversation (it has no "chat_messages") like the others in the list');
    checkLimit(
      countOf((value as { chat_messages?: unknown }).chat_messages),
      MAX_MESSAGES_PER_CONVERSATION,
      joinPath(path, 'chat_messages'),
      'messages',
    );
    const c = parseOrRefuse(ClaudeConversation, value, path);
    const read = c.chat_messages.flatMap((raw, j): ImportedMessage[] => {
      const at = joinPath(path, `chat_messages[${j}]`);
      const m = parseOrRefuse(ClaudeMessage, raw, at);
      const role = m.sender === 'human' ? 'user' : m.sender === 'assistant' ? 'assistant' : null;
      const content = textOf(m);
      if (!role || content === '') return [];
      const createdAt = fileTime(m.created_at, joinPath(at, 'created_at'));
      const updatedAt = m.updated_at ? fileTime(m.updated_at, joinPath(at, 'updated_at')) : createdAt;
      return [{ key: String(j), parentKey: null, role, content, status: 'complete', createdAt, updatedAt, path: at }];
    });
    // Stable: equal times keep file order (a question and its answer often share one).
    const messages = read.sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0));
    messages.forEach((m, j) => (m.parentKey = j === 0 ? null : messages[j - 1]!.key));
    const createdAt = fileTime(c.created_at, joinPath(path, 'created_at'));
    const firstQuestion = messages.find((m) => m.role === 'user')?.content;
    return {
      title: c.name?.trim().slice(0, 200) || (firstQuestion ? titleFromMessage(firstQuestion) : 'Imported chat'),
      model: null,
      pinned: false,
      archived: false,
      createdAt,
      updatedAt: c.updated_at
        ? fileTime(c.updated_at, joinPath(path, 'updated_at'))
        : (messages.at(-1)?.createdAt ?? createdAt),
      activeLeafKey: messages.at(-1)?.key ?? null,
      messages,
      path,
    };
  });
}
