/** @mention autocomplete: what is being typed at the caret, and the names that match it. */

/** Someone (or something) that can be mentioned. */
export type MentionOption = { name: string; label: string; hint: string };

/** The `@partial` right before the caret, or null. */
export function mentionAt(text: string, caret: number): { start: number; query: string } | null {
  const before = text.slice(0, caret);
  const m = /(^|\s)@([\w.-]*)$/.exec(before);
  if (!m) return null;
  return { start: caret - m[2]!.length - 1, query: m[2]!.toLowerCase() };
}

/** Options whose name or label starts with the query (names first), at most `limit`. */
export function matchMentions(options: readonly MentionOption[], query: string, limit = 6): MentionOption[] {
  const q = query.toLowerCase();
  const starts = options.filter((o) => o.name.toLowerCase().startsWith(q));
  const words = options.filter(
    (o) =>
      !starts.includes(o) &&
      o.label
        .toLowerCase()
        .split(/\s+/)
        .some((w) => w.startsWith(q)),
  );
  return [...starts, ...words].slice(0, limit);
}

/** The text with `@query` at `start` replaced by `@name `; the new caret position. */
export function insertMention(
  text: string,
  start: number,
  caret: number,
  name: string,
): { text: string; caret: number } {
  const inserted = `@${name} `;
  return { text: text.slice(0, start) + inserted + text.slice(caret), caret: start + inserted.length };
}
