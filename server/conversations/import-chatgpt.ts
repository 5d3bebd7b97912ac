/**
 * Reads a ChatGPT export (`conversations.json`: a list of conversations, each a `mapping` of
 * nodes `{id, message, parent, children}` and the `current_node` the user last saw). The tree
 * becomes Hearth's message tree: edits and regenerations stay switchable branches, and the
 * branch of `current_node` is the one on screen. Messages the user never saw as messages (tool
 * calls, browsing results, hidden system messages, empty ones) are left out and their children
 * hang from the nearest message kept, so no branch is lost.
 */
import { z } from 'zod';
import { titleFromMessage } from './history';
import { ChatGptMessage, chatGptText, metadataField } from './import-chatgpt-content';
import { formatPath, importInvalid, joinPath, parseOrRefuse } from './import-errors';
import {
  checkLimit,
  countOf,
  MAX_MESSAGES_PER_CONVERSATION,
  MAX_NODES,
  MAX_NODES_PER_CONVERSATION,
} from './import-limits';
import {
  checkLinks,
  epochTime,
  insertOrder,
  newestLeaf,
  type ImportedConversation,
  type ImportedMessage,
} from './import-tree';

const NodeId = z.string().min(1).max(256);

const ChatGptNode = z.object({
  message: ChatGptMessage.nullish(),
  parent: NodeId.nullish(),
});

const ChatGptConversation = z.object({
  title: z.string().max(10_000).nullish(),
  create_time: z.number().nullish(),
  update_time: z.number().nullish(),
  mapping: z.record(NodeId, ChatGptNode),
  current_node: NodeId.nullish(),
  is_archived: z.boolean().nullish(),
});

/** Whether a parsed JSON value looks like one ChatGPT conversation. */
export function isChatGptConversation(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.hasOwn(value, 'mapping');
}

/** Unix seconds from the file as stored (import_invalid at `where` when out of range), or `otherwise` when absent. */
function timeOr<T>(seconds: number | null | undefined, where: string, otherwise: T): string | T {
  return typeof seconds === 'number' ? epochTime(seconds, where) : otherwise;
}

/** ChatGPT's message status → Hearth's: only a reply cut off mid-way differs. */
function statusOf(message: ChatGptMessage): ImportedMessage['status'] {
  return message.status === 'in_progress' ? 'interrupted' : 'complete';
}

/** The conversations of a ChatGPT export, in file order. */
export function readChatGpt(values: readonly unknown[]): ImportedConversation[] {
  // Counted on the raw JSON, before any schema walks a node.
  let nodes = 0;
  for (const [i, value] of values.entries()) {
    const count = countOf(
      typeof value === 'object' && value !== null ? (value as { mapping?: unknown }).mapping : undefined,
      true,
    );
    checkLimit(count, MAX_NODES_PER_CONVERSATION, `[${i}].mapping`, 'entries');
    nodes += count;
  }
  checkLimit(nodes, MAX_NODES, '', 'message entries in all');
  return values.map((value, i) => {
    if (!isChatGptConversation(value))
      throw importInvalid(`[${i}]`, 'is not a ChatGPT conversation (it has no "mapping") like the others in the list');
    return readConversation(value, `[${i}]`);
  });
}

function readConversation(value: unknown, path: string): ImportedConversation {
  const c = parseOrRefuse(ChatGptConversation, value, path);
  const nodePath = (key: string) => joinPath(path, formatPath(['mapping', key]));
  // Ids are read into Maps: a node called "constructor" or "toString" is just a name.
  const entries = Object.entries(c.mapping);
  const parents = new Map(entries.map(([key, node]) => [key, node.parent ?? null]));
  checkLinks(
    entries.map(([key, node]) => ({ key, parentKey: node.parent ?? null, path: nodePath(key) })),
    { id: 'id', parent: 'parent' },
  );

  const conversationTime = timeOr(c.create_time, joinPath(path, 'create_time'), null);
  const kept = new Map<string, ImportedMessage>();
  for (const [key, node] of entries) {
    const message = node.message;
    if (!message) continue;
    const text = chatGptText(message);
    if (text === null) continue;
    const at = nodePath(key);
    // Without a time ('' for now) a message takes its parent's, below.
    const createdAt = timeOr(message.create_time, joinPath(at, 'message.create_time'), '');
    const slug = metadataField(message, 'model_slug');
    kept.set(key, {
      key,
      parentKey: null, // set below, once every kept node is known
      role: message.author.role as ImportedMessage['role'],
      content: text,
      status: statusOf(message),
      model:
        message.author.role === 'assistant' && typeof slug === 'string' && slug.length <= 256 && slug
          ? slug
          : undefined,
      createdAt,
      updatedAt: timeOr(message.update_time, joinPath(at, 'message.update_time'), ''),
      path: at,
    });
  }
  checkLimit(kept.size, MAX_MESSAGES_PER_CONVERSATION, joinPath(path, 'mapping'), 'messages');

  // The nearest kept node among a node and its ancestors (links are checked: no cycles).
  const nearest = new Map<string, string | null>();
  const keptAncestorOrSelf = (start: string | null): string | null => {
    const walked: string[] = [];
    let key = start;
    while (key !== null && !kept.has(key) && !nearest.has(key)) {
      walked.push(key);
      key = parents.get(key) ?? null;
    }
    const found = key === null ? null : kept.has(key) ? key : nearest.get(key)!;
    for (const k of walked) nearest.set(k, found);
    return found;
  };
  for (const message of kept.values()) message.parentKey = keptAncestorOrSelf(parents.get(message.key) ?? null);

  const messages = insertOrder([...kept.values()], { id: 'id', parent: 'parent' });
  const now = new Date().toISOString();
  for (const m of messages) {
    // Parents come first, so a parent's time is already filled in.
    m.createdAt ||= (m.parentKey === null ? null : kept.get(m.parentKey)?.createdAt) || conversationTime || now;
    m.updatedAt ||= m.createdAt;
  }
  const current = c.current_node && parents.has(c.current_node) ? keptAncestorOrSelf(c.current_node) : null;
  const firstQuestion = messages.find((m) => m.role === 'user')?.content;
  const createdAt = conversationTime ?? messages[0]?.createdAt ?? now;
  const newest = messages.reduce((t, m) => (m.createdAt > t ? m.createdAt : t), createdAt);
  return {
    title: c.title?.trim().slice(0, 200) || (firstQuestion ? titleFromMessage(firstQuestion) : 'Imported chat'),
    model: null, // ChatGPT's models are not the household's: new replies use the user's default
    pinned: false,
    archived: c.is_archived === true,
    createdAt,
    updatedAt: timeOr(c.update_time, joinPath(path, 'update_time'), newest),
    activeLeafKey: current ?? newestLeaf(messages),
    messages,
    path,
  };
}
