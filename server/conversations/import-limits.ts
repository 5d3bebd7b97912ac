/**
 * How much one import may hold. The body limit (8 MiB) bounds the bytes; these bound the work a
 * file can cause, whatever its shape, and are checked on the raw JSON before a schema walks it.
 * A household's real exports fit easily; a larger history is imported in parts.
 */
import { importTooLarge } from './import-errors';

/** Conversations in one file. */
export const MAX_CONVERSATIONS = 2000;
/** Messages in one conversation (after tool plumbing and hidden messages are left out). */
export const MAX_MESSAGES_PER_CONVERSATION = 10_000;
/** Messages in one file, all conversations together. */
export const MAX_MESSAGES = 50_000;
/** Entries of one ChatGPT conversation's `mapping` (tool steps and hidden messages included). */
export const MAX_NODES_PER_CONVERSATION = 20_000;
/** Entries of all `mapping`s of one ChatGPT file. */
export const MAX_NODES = 100_000;

/** Throws import_too_large when `count` is over `max`. */
export function checkLimit(count: number, max: number, where: string, what: string): void {
  if (count > max) {
    throw importTooLarge(
      `${where ? `${where}: ` : 'The file '}has ${count} ${what}; Hearth imports at most ${max} at a time. Import the file in parts.`,
      where || undefined,
    );
  }
}

/** How many entries an array (or, with `keys`, an object) has; 0 for anything else. */
export function countOf(value: unknown, keys = false): number {
  if (Array.isArray(value)) return value.length;
  if (keys && typeof value === 'object' && value !== null) return Object.keys(value).length;
  return 0;
}
