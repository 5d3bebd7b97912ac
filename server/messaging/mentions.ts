/**
 * @mentions: `@username` of a room member, in the text outside code. Only members count (a name
 * that is not in the room is just text), and one cannot mention oneself.
 */
import type { RoomMember } from '#common/messaging';

// Before the @: start, space or punctuation (not a letter: "me@example.org" is no mention).
const MENTION = /(?<![\p{L}\p{N}_@.])@([a-z0-9][a-z0-9._-]{0,63})/giu;
const CODE = /```[\s\S]*?(?:```|$)|`[^`\n]*`/g;

/** The user ids `text` mentions among `members` (in order of first mention, without `senderId`). */
export function parseMentions(text: string, members: readonly RoomMember[], senderId: string): string[] {
  const byName = new Map(members.map((m) => [m.username.toLowerCase(), m.id]));
  const found: string[] = [];
  for (const match of text.replace(CODE, ' ').matchAll(MENTION)) {
    let name = match[1]!.toLowerCase();
    // "Thanks @sam." — a name may hold dots and dashes, but a sentence's end is not part of it.
    while (name && !byName.has(name) && /[._-]$/.test(name)) name = name.slice(0, -1);
    const id = byName.get(name);
    if (id && id !== senderId && !found.includes(id)) found.push(id);
  }
  return found;
}
