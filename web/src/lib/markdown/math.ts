/**
 * LaTeX math in replies, rendered by KaTeX: `$…$` and `\(…\)` inline, `$$…$$` and `\[…\]` as
 * display blocks. KaTeX runs untrusted input safely only with `trust: false` (no \href, \url,
 * \includegraphics, \htmlClass/\htmlData…: they render as plain text) and bounded macro expansion
 * and sizes (`\def` loops, `\rule{1000000em}`); its output still goes through DOMPurify with the
 * tags and attributes KaTeX needs (sanitize.ts).
 *
 * The CSP forbids inline style attributes, which KaTeX's layout relies on: its `style="…"` are
 * renamed `data-katex-style` here, checked by the sanitiser, and applied through the CSSOM
 * (which the CSP allows) once the HTML is on the page (applyMathStyles in sanitize.ts).
 */
import type { KatexOptions } from 'katex';
import { mathEngine } from './engines';
import type { MarkedExtension, Tokens } from 'marked';

/** Non-standard LaTeX that is harmless (accents in \text, a trailing %) is accepted quietly. */
const strict: KatexOptions['strict'] = (code: string) =>
  code === 'unicodeTextInMathMode' || code === 'commentAtEnd' || code === 'newLineInDisplayMode' ? 'ignore' : 'error';

const OPTIONS: KatexOptions = {
  throwOnError: false,
  trust: false,
  strict,
  maxExpand: 500,
  maxSize: 20,
  output: 'htmlAndMathml',
};

const cache = new Map<string, string>();
const CACHE_MAX = 300;

const escapeTex = (tex: string) => tex.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** KaTeX's HTML for `tex` (an error shows the source in red, never throws), styles renamed. */
export function renderMath(tex: string, displayMode: boolean): string {
  const key = `${displayMode ? 'D' : 'I'}${tex}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  // Until KaTeX has arrived the formula shows as its source; the block is rendered again then.
  const katex = mathEngine();
  if (!katex) return `<code class="math-pending">${escapeTex(tex)}</code>`;
  let html: string;
  try {
    html = katex.renderToString(tex, { ...OPTIONS, displayMode });
  } catch {
    // Only non-parse errors get here (throwOnError covers those): show the source as text.
    html = `<code class="math-error">${escapeTex(tex)}</code>`;
  }
  // KaTeX escapes quotes inside text and attribute values, so ` style="` only ever starts an attribute.
  html = html.replaceAll(' style="', ' data-katex-style="');
  if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value!);
  cache.set(key, html);
  return html;
}

/** CSS properties KaTeX sets inline; anything else in a `data-katex-style` is dropped. */
const STYLE_PROPS = new Set([
  'background-color',
  'border',
  'border-bottom-width',
  'border-color',
  'border-right-style',
  'border-right-width',
  'border-style',
  'border-top-width',
  'border-width',
  'bottom',
  'color',
  'height',
  'left',
  'margin',
  'margin-left',
  'margin-right',
  'margin-top',
  'margin-bottom',
  'min-width',
  'padding-left',
  'padding-right',
  'position',
  'text-shadow',
  'top',
  'vertical-align',
  'width',
]);
/** Lengths, numbers, colours and keywords; no url(), no expression(), no escapes. */
const STYLE_VALUE = /^[\w\s.#%,()+-]*$/;
const STYLE_FORBIDDEN = /url|expression|image|attr|var|env|import|\\/i;

/** The allowed declarations of a KaTeX style string, as [property, value] pairs. */
export function mathStyleDeclarations(style: string): [string, string][] {
  const out: [string, string][] = [];
  for (const declaration of style.split(';')) {
    const colon = declaration.indexOf(':');
    if (colon === -1) continue;
    const prop = declaration.slice(0, colon).trim().toLowerCase();
    const value = declaration.slice(colon + 1).trim();
    if (!STYLE_PROPS.has(prop) || !STYLE_VALUE.test(value) || STYLE_FORBIDDEN.test(value)) continue;
    if (prop === 'position' && value !== 'relative' && value !== 'absolute') continue;
    out.push([prop, value]);
  }
  return out;
}

type MathToken = Tokens.Generic & { text: string; display: boolean };

const BLOCK = /^(?:\$\$([\s\S]+?)\$\$|\\\[([\s\S]+?)\\\])[ \t]*(?:\n+|$)/;
// `$…$`: no space just inside the dollars, no digit right after (so "$5 and $10" stays text),
// and never across a code span.
const INLINE_DOLLAR = /^\$(?![\s$])((?:\\[^`]|[^\\$\n`])+?)(?<!\s)\$(?!\d)/;
const INLINE_DISPLAY = /^\$\$((?:\\[\s\S]|[^\\$])+?)\$\$/;
const INLINE_PAREN = /^\\\(([\s\S]+?)\\\)/;

/** The marked extension: tokenizers for the four delimiters and their renderers. */
export const mathExtension: MarkedExtension = {
  extensions: [
    {
      name: 'mathBlock',
      level: 'block',
      // Only at the start of a line: a paragraph is cut there and nowhere else.
      start(src: string) {
        const m = /(^|\n)(?:\$\$|\\\[)/.exec(src);
        return m ? m.index + m[1]!.length : undefined;
      },
      tokenizer(src: string): MathToken | undefined {
        const m = BLOCK.exec(src);
        if (!m) return undefined;
        const text = (m[1] ?? m[2] ?? '').trim();
        if (!text) return undefined;
        return { type: 'mathBlock', raw: m[0], text, display: true };
      },
      renderer: (token) => `<div class="math-block">${renderMath((token as MathToken).text, true)}</div>\n`,
    },
    {
      name: 'mathInline',
      level: 'inline',
      start: (src: string) => src.match(/\$|\\\(/)?.index,
      tokenizer(src: string): MathToken | undefined {
        const display = INLINE_DISPLAY.exec(src);
        if (display) return { type: 'mathInline', raw: display[0], text: display[1]!.trim(), display: true };
        const m = INLINE_DOLLAR.exec(src) ?? INLINE_PAREN.exec(src);
        if (!m) return undefined;
        return { type: 'mathInline', raw: m[0], text: m[1]!.trim(), display: false };
      },
      renderer: (token) => renderMath((token as MathToken).text, (token as MathToken).display),
    },
  ],
};
