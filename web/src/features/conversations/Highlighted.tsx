/**
 * Text with some stretches marked: a search snippet and its matched words. The server sends
 * plain text and offset ranges, never markup; React escapes the text, so a snippet holding
 * `<img onerror=…>` shows those characters and runs nothing.
 */
import type { ReactNode } from 'react';
import type { SnippetRange } from '#common/conversations';

type Props = { text: string; ranges: readonly SnippetRange[] | undefined; className?: string };

/** Props: the text, the ranges to mark (any order; bad or overlapping ones are skipped). */
export function Highlighted({ text, ranges, className }: Props) {
  const parts: ReactNode[] = [];
  let at = 0;
  const sorted = [...(ranges ?? [])].sort((a, b) => a.start - b.start);
  for (const r of sorted) {
    const start = Math.max(r.start, at);
    const end = Math.min(r.end, text.length);
    if (end <= start) continue;
    if (start > at) parts.push(text.slice(at, start));
    parts.push(<mark key={start}>{text.slice(start, end)}</mark>);
    at = end;
  }
  if (at < text.length) parts.push(text.slice(at));
  return <span className={className}>{parts}</span>;
}
