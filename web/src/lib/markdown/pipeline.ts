/**
 * The markdown pipeline in one lazily loaded chunk (marked and DOMPurify); KaTeX and
 * highlight.js are chunks of their own, fetched when a reply first has maths or code
 * (engines.ts).
 *
 * A document is rendered block by block, each block sanitised on its own and cached by its
 * source text: while a reply streams, every finished block is a cache hit and only the last,
 * growing one is rendered again.
 */
import './markdown.css';
import { renderBlock, renderMarkdown, splitBlocks } from './render';
import { applyMathStyles, sanitizeHtml } from './sanitize';
import { takePending } from './engines';

export { applyMathStyles };
export { onEngineLoaded } from './engines';

const cache = new Map<string, string>();
const CACHE_MAX = 1000;

function cached(key: string): string | undefined {
  const hit = cache.get(key);
  if (hit !== undefined) {
    // Most recently used last: finished blocks of the reply on screen are never evicted.
    cache.delete(key);
    cache.set(key, hit);
  }
  return hit;
}

/**
 * Markdown source → sanitised HTML per top-level block. With `streaming`, the last block (still
 * growing) is rendered but not cached: its text changes with every token.
 */
export function toSafeBlocks(source: string, streaming = false): string[] {
  const blocks = splitBlocks(source);
  return blocks.map((block, i) => {
    const hit = cached(block.key);
    if (hit !== undefined) return hit;
    takePending();
    const html = sanitizeHtml(renderBlock(block));
    // A block drawn without its maths or code engine (still on its way) is drawn again later.
    if (!takePending() && !(streaming && i === blocks.length - 1)) {
      if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value!);
      cache.set(block.key, html);
    }
    return html;
  });
}

/** Markdown source → sanitised HTML of the whole document, safe for the page. */
export const toSafeHtml = (source: string): string => sanitizeHtml(renderMarkdown(source));
