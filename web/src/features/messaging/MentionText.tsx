/**
 * A message's markdown (the AI chat's safe renderer) with @mentions highlighted. The renderer
 * patches its own DOM, so the highlight is applied after it, by walking text nodes (never
 * inside code or links) whenever the rendered content changes.
 */
import { useLayoutEffect, useRef } from 'react';
import { Markdown } from '#web/features/chat/Markdown';

const SKIP = new Set(['CODE', 'PRE', 'A', 'BUTTON']);

/** Wraps `@name` (for names in `names`) in spans; `me` gets its own class. */
export function highlightMentions(root: HTMLElement, names: ReadonlySet<string>, me: string): void {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const hits: Text[] = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const text = n as Text;
    let el = text.parentElement;
    let skip = false;
    while (el && el !== root) {
      if (SKIP.has(el.tagName) || el.classList.contains('mention')) skip = true;
      el = el.parentElement;
    }
    if (!skip && text.data.includes('@')) hits.push(text);
  }
  const re = /(^|[^\w@])@([\w.-]+)/g;
  for (const text of hits) {
    const parts: (string | HTMLElement)[] = [];
    let last = 0;
    for (const m of text.data.matchAll(re)) {
      const name = m[2]!.replace(/[.-]+$/, '');
      if (!names.has(name.toLowerCase())) continue;
      const start = m.index + m[1]!.length;
      parts.push(text.data.slice(last, start));
      const span = document.createElement('span');
      span.className = `mention${name.toLowerCase() === me ? ' is-me' : ''}`;
      span.textContent = `@${name}`;
      parts.push(span);
      last = start + name.length + 1;
    }
    if (last === 0) continue;
    parts.push(text.data.slice(last));
    text.replaceWith(...parts);
  }
}

/** Props: the source, the names that count as mentions (lower case), the reader's username. */
export function MentionText({
  source,
  names,
  me,
  streaming,
}: {
  source: string;
  names: ReadonlySet<string>;
  me: string;
  streaming?: boolean;
}) {
  const ref = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    const root = ref.current;
    if (!root) return;
    const run = () => highlightMentions(root, names, me.toLowerCase());
    run();
    const observer = new MutationObserver(run);
    observer.observe(root, { childList: true, subtree: true, characterData: true });
    return () => observer.disconnect();
  }, [names, me]);
  return (
    <div ref={ref} className="room-text">
      <Markdown source={source} streaming={streaming} />
    </div>
  );
}
