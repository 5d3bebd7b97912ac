/**
 * The whole markdown pipeline in one lazily loaded chunk (marked, highlight.js, KaTeX with its
 * CSS and fonts — bundled by Vite, served by Hearth itself — and DOMPurify).
 *
 * A document is rendered block by block, each block sanitised on its own and cached by its
 * source text: while a reply streams, every finished block is a cache hit and only the last,
 * growing one is rendered again.
 */
import 'katex/dist/katex.min.css';
import './markdown.css';
import { renderBlock, renderMarkdown, splitBlocks } from './render';
import { applyMathStyles, sanitizeHtml } from './sanitize';

export { applyMathStyles };

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
    const html = sanitizeHtml(renderBlock(block));
    if (!(streaming && i === blocks.length - 1)) {
      if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value!);
      cache.set(block.key, html);
    }
    return html;
  });
}

/** Markdown source → sanitised HTML of the whole document, safe for the page. */
export const toSafeHtml = (source: string): string => sanitizeHtml(renderMarkdown(source));
