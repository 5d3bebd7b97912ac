/**
 * Opaque list cursors (base64url JSON). The list's is the last item's position
 * (pinned, updatedAt, id); a search's is how many results the client has seen.
 */
import { badRequest } from '#server/errors';
import type { ListPosition } from './store';

const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

function decode(cursor: string): unknown {
  try {
    return JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}

const invalid = () => badRequest('cursor: is not a cursor from a previous page', 'cursor');

/** Encodes the position after which the next page of the list starts. */
export function encodeCursor(position: ListPosition): string {
  return encode([position.pinned ? 1 : 0, position.updatedAt, position.id]);
}

/** Decodes a list cursor from the client; anything malformed is a 400 naming `cursor`. */
export function decodeCursor(cursor: string): ListPosition {
  const value = decode(cursor);
  if (
    Array.isArray(value) &&
    value.length === 3 &&
    (value[0] === 0 || value[0] === 1) &&
    typeof value[1] === 'string' &&
    typeof value[2] === 'string'
  ) {
    return { pinned: value[0] === 1, updatedAt: value[1], id: value[2] };
  }
  throw invalid();
}

/** Encodes where the next page of search results starts. */
export function encodeSearchCursor(offset: number): string {
  return encode({ offset });
}

/** Decodes a search cursor; anything malformed (or a list cursor) is a 400 naming `cursor`. */
export function decodeSearchCursor(cursor: string): number {
  const value = decode(cursor);
  if (typeof value === 'object' && value !== null && 'offset' in value) {
    const offset = value.offset;
    if (typeof offset === 'number' && Number.isSafeInteger(offset) && offset >= 0) return offset;
  }
  throw invalid();
}
