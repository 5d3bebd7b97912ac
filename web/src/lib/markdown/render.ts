/**
 * Markdown → HTML, the DOM-free half of the pipeline (testable in Node). The HTML it returns is
 * NOT safe yet: always pass it through `sanitizeHtml` (sanitize.ts) before it reaches the page.
 * Still, it never emits markup from the source: raw HTML in a reply is shown as text, and images
 * become links (nothing may load from another origin).
 */
import { Marked, type Token, type Tokens } from 'marked';
import { escapeHtml, highlightCode } from './highlight';
import { mathExtension } from './math';

const marked = new Marked({ gfm: true, breaks: false, async: false });

marked.use(mathExtension, {
  renderer: {
    code({ text, lang }: Tokens.Code) {
      const language = (lang ?? '').trim().split(/\s+/)[0] ?? '';
      const label = language || 'text';
      return (
        `<div class="code-block"><div class="code-head"><span class="code-lang">${escapeHtml(label)}</span>` +
        `<button type="button" class="code-copy" data-copy-code="">Copy</button></div>` +
        `<pre><code class="hljs" data-lang="${escapeHtml(label)}">${highlightCode(text.replace(/\n$/, ''), language)}</code></pre></div>\n`
      );
    },
    html({ text, block }: Tokens.HTML | Tokens.Tag) {
      const escaped = escapeHtml(text);
      return block ? `<p>${escaped}</p>\n` : escaped;
    },
    image({ href, text }: Tokens.Image) {
      return `<a href="${escapeHtml(href)}">${escapeHtml(text || href)}</a>`;
    },
  },
});

/** Renders GFM markdown (tables, task lists, strikethrough, autolinks, math) to unsanitised HTML. */
export function renderMarkdown(source: string): string {
  return marked.parse(source, { async: false });
}

/**
 * One top-level block of a document: the token to render and a key for caching its HTML (its
 * source text, plus the document's reference-link definitions when it has any: they change how
 * `[text][ref]` in any block renders).
 */
export type Block = { key: string; token: Token };

/**
 * The top-level blocks of `source` (paragraphs, lists, code blocks, tables, math…), in order.
 * Rendering them one by one gives the same HTML as rendering the whole (reference links are
 * resolved while lexing), so a streaming reply re-renders only its last, growing block.
 */
export function splitBlocks(source: string): Block[] {
  const tokens = marked.lexer(source);
  const refs = Object.keys(tokens.links).length > 0 ? `${JSON.stringify(tokens.links)}\u0000` : '';
  return tokens.map((token) => ({ key: refs + token.raw, token }));
}

/** One block's unsanitised HTML (see renderMarkdown). */
export const renderBlock = (block: Block): string => marked.parser([block.token]);
