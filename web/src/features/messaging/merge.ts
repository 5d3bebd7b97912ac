/**
 * Pure rules for a room's loaded messages (kept apart so they are tested without a browser):
 * messages are ordered by `seq`; a change replaces what is held only when its `updatedSeq` is
 * newer, so an event that arrives late (or twice) can never undo a later edit; streamed text is
 * placed by its offset, and a gap says "refetch" instead of showing garbled text.
 */
import type { RoomMessage } from './types';

/** True when `incoming` should replace `held` (newer change, or more of the same stream). */
export function isNewer(held: RoomMessage, incoming: RoomMessage): boolean {
  if (incoming.updatedSeq !== held.updatedSeq) return incoming.updatedSeq > held.updatedSeq;
  // The same version of a reply still being written: the one with more text is further along.
  return incoming.status === 'streaming' && held.status === 'streaming' && incoming.text.length > held.text.length;
}

/** Inserts or replaces messages (sorted by seq, no duplicate id); returns the same array if nothing changed. */
export function mergeMessages(list: readonly RoomMessage[], incoming: readonly RoomMessage[]): RoomMessage[] {
  let next: RoomMessage[] | null = null;
  for (const m of incoming) {
    const arr: RoomMessage[] = next ?? list.slice();
    const at = arr.findIndex((x) => x.id === m.id);
    if (at !== -1) {
      if (!isNewer(arr[at]!, m)) continue;
      arr[at] = m;
      next = arr;
      continue;
    }
    // Usually the newest: walk from the end.
    let i = arr.length;
    while (i > 0 && arr[i - 1]!.seq > m.seq) i--;
    arr.splice(i, 0, m);
    next = arr;
  }
  return next ?? (list as RoomMessage[]);
}

/** Result of placing a streamed piece: the new text, or `gap` when something was missed. */
export type DeltaResult = { text: string } | 'gap' | 'stale';

/** Places `piece` at `offset` in `text`: appends, trims a repeat, or reports a gap. */
export function placeDelta(text: string, offset: number, piece: string): DeltaResult {
  if (offset > text.length) return 'gap';
  const end = offset + piece.length;
  if (end <= text.length) return 'stale';
  return { text: text.slice(0, offset) + piece };
}

/** The highest `updatedSeq` among messages (what a catch-up continues after). */
export const highestSeq = (list: readonly RoomMessage[], floor = 0) =>
  list.reduce((max, m) => Math.max(max, m.updatedSeq), floor);

/**
 * The first unread message for the "new messages" marker: the first one by someone else after
 * `lastReadSeq` when known, else the `unread`-th newest message by someone else.
 */
export function firstUnreadId(
  list: readonly RoomMessage[],
  me: string,
  unread: number,
  lastReadSeq?: number | null,
): string | null {
  const others = list.filter((m) => m.sender?.id !== me && !m.deletedAt);
  if (lastReadSeq !== null && lastReadSeq !== undefined) return others.find((m) => m.seq > lastReadSeq)?.id ?? null;
  if (unread <= 0) return null;
  return others[Math.max(0, others.length - unread)]?.id ?? null;
}

/** Messages that belong together under one name: same sender, within five minutes. */
export function startsGroup(prev: RoomMessage | undefined, m: RoomMessage): boolean {
  if (!prev) return true;
  if (prev.kind !== m.kind || (prev.sender?.id ?? null) !== (m.sender?.id ?? null)) return true;
  if (m.replyTo) return true;
  return new Date(m.createdAt).getTime() - new Date(prev.createdAt).getTime() > 5 * 60_000;
}

/** A stable colour (one of `count`) for a sender, so people are told apart at a glance. */
export function senderColour(id: string, count = 8): number {
  let h = 0;
  for (let i = 0; i < id.length; i++) h = (h * 31 + id.charCodeAt(i)) >>> 0;
  return h % count;
}
