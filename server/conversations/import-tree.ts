/**
 * What every importer turns a file into (ImportedConversation), and the checks and ordering of a
 * message tree that all of them share: unique ids, parents that exist, no cycles; then an
 * insertion order in which every message follows its parent and, as far as that allows, its
 * time — Hearth orders messages (and a message's versions) by id, and the new ids are made in
 * this order. Everything here is iterative: a hostile file's 10,000-deep chain costs no stack.
 */
import type { MessageError, MessageRole, MessageStatus, ToolCall } from '#common/conversations';
import { importInvalid, joinPath } from './import-errors';

/** One message as read from a file; `key` and `parentKey` are the file's ids, never stored. */
export type ImportedMessage = {
  key: string;
  parentKey: string | null;
  role: MessageRole;
  content: string;
  reasoning?: string | undefined;
  status: MessageStatus;
  model?: string | undefined;
  error?: MessageError | undefined;
  /** An assistant reply's tool calls (Hearth's own format keeps them). */
  toolCalls?: ToolCall[] | undefined;
  createdAt: string;
  updatedAt: string;
  /** Where the message is in the file, for error messages (`[0].messages[3]`). */
  path: string;
};

/** One conversation as read from a file. */
export type ImportedConversation = {
  title: string;
  /** The task it belonged to, when the file says (kept if the importing user may use it). */
  taskId?: string | undefined;
  model: string | null;
  pinned: boolean;
  archived: boolean;
  createdAt: string;
  updatedAt: string;
  /** The message on screen (a key), or null: the newest leaf. */
  activeLeafKey: string | null;
  /** In insertion order (see insertOrder). */
  messages: ImportedMessage[];
  /** Where it is in the file. */
  path: string;
};

/** A link of the tree to check, with where it is in the file. */
export type TreeLink = { key: string; parentKey: string | null; path: string };

/**
 * Checks the links of a tree: every key used once, every parent present, no cycles. Returns
 * each key's depth (roots 0).
 * @throws import_invalid naming the first bad link
 */
export function checkLinks(links: readonly TreeLink[], fields: { id: string; parent: string }): Map<string, number> {
  const byKey = new Map<string, TreeLink>();
  for (const link of links) {
    if (byKey.has(link.key))
      throw importInvalid(joinPath(link.path, fields.id), `the id "${short(link.key)}" is used twice`);
    byKey.set(link.key, link);
  }
  for (const link of links) {
    if (link.parentKey !== null && !byKey.has(link.parentKey)) {
      throw importInvalid(
        joinPath(link.path, fields.parent),
        `names "${short(link.parentKey)}", which is not in the file`,
      );
    }
  }
  const depth = new Map<string, number>();
  const onPath = new Set<string>();
  for (const start of links) {
    // Walk up until a link of known depth (or a root), then number the walked links downwards.
    const walk: TreeLink[] = [];
    let link: TreeLink | undefined = start;
    while (link && !depth.has(link.key)) {
      if (onPath.has(link.key))
        throw importInvalid(
          joinPath(link.path, fields.parent),
          'the messages form a cycle (a message is its own ancestor)',
        );
      onPath.add(link.key);
      walk.push(link);
      link = link.parentKey === null ? undefined : byKey.get(link.parentKey);
    }
    let d = link ? depth.get(link.key)! + 1 : 0;
    for (let i = walk.length - 1; i >= 0; i--) {
      depth.set(walk[i]!.key, d++);
      onPath.delete(walk[i]!.key);
    }
  }
  return depth;
}

/**
 * The messages in insertion order: each after its parent; otherwise by time (a message that
 * claims to be older than its parent counts as its parent's time), then by file order. Checks
 * the links first.
 */
export function insertOrder(
  messages: readonly ImportedMessage[],
  fields: { id: string; parent: string },
): ImportedMessage[] {
  const depth = checkLinks(messages, fields);
  const index = new Map(messages.map((m, i) => [m.key, i]));
  const byDepth = [...messages].sort(
    (a, b) => depth.get(a.key)! - depth.get(b.key)! || index.get(a.key)! - index.get(b.key)!,
  );
  const effective = new Map<string, string>();
  for (const m of byDepth) {
    const parentTime = m.parentKey === null ? '' : effective.get(m.parentKey)!;
    effective.set(m.key, m.createdAt > parentTime ? m.createdAt : parentTime);
  }
  const key = (m: ImportedMessage) => effective.get(m.key)!;
  return byDepth.sort((a, b) => {
    const ta = key(a);
    const tb = key(b);
    if (ta !== tb) return ta < tb ? -1 : 1;
    return depth.get(a.key)! - depth.get(b.key)! || index.get(a.key)! - index.get(b.key)!;
  });
}

/** The newest leaf of messages in insertion order (the last message nobody follows), or null. */
export function newestLeaf(ordered: readonly ImportedMessage[]): string | null {
  const parents = new Set(ordered.map((m) => m.parentKey));
  for (let i = ordered.length - 1; i >= 0; i--) if (!parents.has(ordered[i]!.key)) return ordered[i]!.key;
  return null;
}

/** Earliest and latest time a file may hold (a clock far off means a broken or hostile file). */
const EARLIEST = Date.UTC(1970, 0, 1);
const LATEST = Date.UTC(2100, 0, 1);

/** A time from a file as stored (UTC ISO), or null when it is not a time Hearth accepts. */
export function isoTime(ms: number): string | null {
  return Number.isFinite(ms) && ms >= EARLIEST && ms < LATEST ? new Date(ms).toISOString() : null;
}

/** An ISO time string from a file, normalised; import_invalid at `where` when out of range. */
export function fileTime(value: string, where: string): string {
  const iso = isoTime(Date.parse(value));
  if (!iso) throw importInvalid(where, 'is not a time between 1970 and 2100');
  return iso;
}

/** Unix seconds (ChatGPT's create_time) as stored; import_invalid at `where` when out of range. */
export function epochTime(seconds: number, where: string): string {
  const iso = isoTime(seconds * 1000);
  if (!iso) throw importInvalid(where, 'is not a time between 1970 and 2100');
  return iso;
}

const short = (s: string) => (s.length > 40 ? `${s.slice(0, 40)}…` : s);
