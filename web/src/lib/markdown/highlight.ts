/**
 * Syntax highlighting with highlight.js core and a dozen common languages (the full build is
 * ~1 MB). Results are cached so a streaming reply re-renders finished code blocks for free.
 */
import { codeEngine } from './engines';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for use in HTML content or a quoted attribute. */
export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (ch) => ESCAPES[ch]!);

const cache = new Map<string, string>();
const CACHE_MAX = 200;

/** Highlighted HTML for `code` in `language` (escaped plain text when the language is unknown). */
export function highlightCode(code: string, language: string): string {
  const lang = language.toLowerCase();
  if (!lang) return escapeHtml(code);
  // Until highlight.js has arrived the code shows plain; the block is rendered again then.
  const hljs = codeEngine();
  if (!hljs?.getLanguage(lang)) return escapeHtml(code);
  const key = `${lang}\u0000${code}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const html = hljs.highlight(code, { language: lang, ignoreIllegals: true }).value;
  if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value!);
  cache.set(key, html);
  return html;
}
