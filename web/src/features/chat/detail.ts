/** Pure helpers over a ConversationDetail (the message tree and its active branch). */
import { DEFAULT_TITLE, type ConversationDetail, type Message, type ToolCall } from '#common/conversations';

/** The loaded part of the active branch: root-most loaded message first, system messages included. */
function walkBranch(detail: ConversationDetail): Message[] {
  const { messages } = detail;
  if (messages.length === 0) return [];
  const byId = new Map(messages.map((m) => [m.id, m]));
  let leafId = detail.activeLeafId ?? detail.conversation.activeLeafId;
  if (!leafId || !byId.has(leafId)) {
    // No (known) active leaf: follow the newest message.
    leafId = messages.reduce((a, b) => (b.createdAt >= a.createdAt ? b : a)).id;
  }
  const branch: Message[] = [];
  const seen = new Set<string>();
  // Stops at the root, or at the oldest loaded page's first message.
  for (let m = byId.get(leafId); m && !seen.has(m.id); m = m.parentId ? byId.get(m.parentId) : undefined) {
    seen.add(m.id);
    branch.push(m);
  }
  return branch.reverse();
}

/** The messages on screen: the active branch from the root to `activeLeafId`, without system messages. */
export function activeBranch(detail: ConversationDetail): Message[] {
  return walkBranch(detail).filter((m) => m.role !== 'system');
}

/** The active branch as loaded so far, and where paging backwards goes on from. */
export type BranchView = {
  /** Oldest loaded first, without system messages. */
  messages: Message[];
  /** Older messages exist that are not loaded yet. */
  hasMore: boolean;
  /** The oldest loaded message (the `before` of the next page), system messages included. */
  oldestId: string | null;
};

/** The loaded active branch and its paging state (older messages exist when the oldest has a parent). */
export function branchView(detail: ConversationDetail): BranchView {
  const chain = walkBranch(detail);
  const oldest = chain[0];
  return {
    messages: chain.filter((m) => m.role !== 'system'),
    hasMore: !!oldest?.parentId,
    oldestId: oldest?.id ?? null,
  };
}

/** The versions of a message (itself included, oldest first), or undefined when it has none. */
export function versionsOf(detail: ConversationDetail, messageId: string): string[] | undefined {
  return detail.siblings?.[messageId];
}

/**
 * Records `message` as a new version beside the loaded messages with the same parent (a
 * regenerated reply, an edited message), so the `‹ n / m ›` switcher counts it at once.
 */
function addVersion(detail: ConversationDetail, message: Message): ConversationDetail {
  if (message.id.startsWith('local-')) return detail;
  const sibling = detail.messages.find(
    (m) => m.parentId === message.parentId && m.id !== message.id && !m.id.startsWith('local-'),
  );
  if (!sibling) return detail;
  const group = detail.siblings?.[sibling.id] ?? [sibling.id];
  if (group.includes(message.id)) return detail;
  const versions = [...group, message.id];
  const siblings = { ...detail.siblings };
  for (const id of versions) siblings[id] = versions;
  return { ...detail, siblings };
}

/**
 * A freshly fetched first page (the newest messages of the active branch) merged with what was
 * loaded before: older messages already loaded stay when they continue the same branch, so a
 * refetch does not throw away pages the user scrolled back through.
 */
export function mergeFirstPage(old: ConversationDetail | undefined, fresh: ConversationDetail): ConversationDetail {
  const first = fresh.messages[0];
  if (!old || !first) return fresh;
  const byId = new Map(old.messages.map((m) => [m.id, m]));
  const freshIds = new Set(fresh.messages.map((m) => m.id));
  const older: Message[] = [];
  for (
    let m = first.parentId ? byId.get(first.parentId) : undefined;
    m && !freshIds.has(m.id);
    m = m.parentId ? byId.get(m.parentId) : undefined
  ) {
    freshIds.add(m.id);
    older.push(m);
  }
  if (older.length === 0) return fresh;
  older.reverse();
  const siblings: Record<string, string[]> = {};
  for (const m of older) {
    const versions = old.siblings?.[m.id];
    if (versions) siblings[m.id] = versions;
  }
  return {
    ...fresh,
    messages: [...older, ...fresh.messages],
    hasMore: !!older[0]!.parentId,
    siblings: { ...siblings, ...fresh.siblings },
  };
}

/** Adds an older page (fetched with `before`) to the loaded messages. */
export function mergeOlderPage(detail: ConversationDetail, page: ConversationDetail): ConversationDetail {
  const known = new Set(detail.messages.map((m) => m.id));
  const added = page.messages.filter((m) => !known.has(m.id));
  return {
    ...detail,
    messages: [...added, ...detail.messages],
    hasMore: page.hasMore,
    siblings: { ...page.siblings, ...detail.siblings },
  };
}

/** Adds or replaces a message; with `makeActive` it becomes the branch's leaf. */
export function upsertMessage(detail: ConversationDetail, message: Message, makeActive = false): ConversationDetail {
  const index = detail.messages.findIndex((m) => m.id === message.id);
  const base = index === -1 ? addVersion(detail, message) : detail;
  const messages = index === -1 ? [...detail.messages, message] : detail.messages.with(index, message);
  if (!makeActive) return { ...base, messages };
  return {
    ...base,
    messages,
    activeLeafId: message.id,
    conversation: { ...detail.conversation, activeLeafId: message.id },
  };
}

/**
 * A tool call's latest state on message `messageId`: added, or replacing the call of the same id
 * (its result arrived). Unchanged when the message is not in the detail.
 */
export function withToolCall(detail: ConversationDetail, messageId: string, call: ToolCall): ConversationDetail {
  const index = detail.messages.findIndex((m) => m.id === messageId);
  if (index === -1) return detail;
  const message = detail.messages[index]!;
  const calls = message.toolCalls ?? [];
  const at = calls.findIndex((c) => c.id === call.id);
  const toolCalls = at === -1 ? [...calls, call] : calls.with(at, call);
  return { ...detail, messages: detail.messages.with(index, { ...message, toolCalls }) };
}

/** Removes a message (a local placeholder) and makes its parent the leaf again if it was the leaf. */
export function removeMessage(detail: ConversationDetail, id: string): ConversationDetail {
  const gone = detail.messages.find((m) => m.id === id);
  if (!gone) return detail;
  const messages = detail.messages.filter((m) => m.id !== id);
  const leaf = detail.activeLeafId === id ? gone.parentId : detail.activeLeafId;
  return { ...detail, messages, activeLeafId: leaf, conversation: { ...detail.conversation, activeLeafId: leaf } };
}

/** A short title for a new conversation from its first message. */
export function titleFrom(content: string): string {
  const line = content.trim().replace(/\s+/g, ' ');
  return line.length > 60 ? `${line.slice(0, 57).trimEnd()}…` : line || DEFAULT_TITLE;
}
