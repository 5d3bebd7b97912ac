/**
 * A guess at a message row's height before it is rendered and measured. Close guesses keep the
 * scrollbar honest and the position steady while older pages come in; the list measures every
 * row it renders, so a wrong guess only costs a small correction.
 */
import type { Message } from '#common/conversations';

/** Space above the first message and below the last (the list's own padding). */
export const LIST_PADDING_START = 24;
export const LIST_PADDING_END = 10;

/** The gap below each row and its actions bar. */
const ROW_CHROME = 22 + 34;
/** Characters per line at the content width (about 740 px of 16 px text). */
const CHARS_PER_LINE = { user: 62, assistant: 88 } as const;
const LINE = { user: 24, assistant: 26 } as const;

/** Estimated row height in pixels. */
export function estimateHeight(message: Message): number {
  const kind = message.role === 'user' ? 'user' : 'assistant';
  let lines = 0;
  let blocks = 0;
  let fences = 0;
  for (const line of message.content.split('\n')) {
    if (line.startsWith('```')) fences += 1;
    if (line.trim() === '') blocks += 1;
    else lines += Math.ceil(line.length / CHARS_PER_LINE[kind]);
  }
  const text = Math.max(1, lines) * LINE[kind];
  if (kind === 'user') return ROW_CHROME + 20 + text;
  // Paragraph margins, and a code block's header and padding.
  return ROW_CHROME + text + blocks * 12 + (fences / 2) * 56 + (message.reasoning ? 40 : 0);
}
