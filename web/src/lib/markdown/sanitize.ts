/**
 * The DOM half of the markdown pipeline: DOMPurify over the final HTML with an allow-list of
 * exactly what the renderer emits — markdown's HTML, highlight.js spans, the code block's copy
 * button, a disabled task-list checkbox, and the MathML and SVG that KaTeX writes — so no
 * script, handler, `javascript:` URL, form, frame, `<use>`, `<animate>`, `<foreignObject>`,
 * `<maction>` or `<annotation-xml>` from a model's reply can reach the page. Links open in a
 * new tab without an opener. Nothing loads from elsewhere: no `<img>` (images become links).
 */
import DOMPurify, { type Config } from 'dompurify';
import { mathStyleDeclarations } from './math';

const HTML_TAGS = [
  'a',
  'p',
  'br',
  'hr',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'em',
  'strong',
  'del',
  's',
  'code',
  'pre',
  'blockquote',
  'ul',
  'ol',
  'li',
  'input',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
  'span',
  'div',
  'button',
];
/** What KaTeX's MathML (for screen readers and copy) uses. */
const MATHML_TAGS = [
  'math',
  'semantics',
  'annotation',
  'mrow',
  'mi',
  'mn',
  'mo',
  'ms',
  'mtext',
  'mspace',
  'msup',
  'msub',
  'msubsup',
  'mfrac',
  'msqrt',
  'mroot',
  'mover',
  'munder',
  'munderover',
  'mtable',
  'mtr',
  'mtd',
  'mstyle',
  'mpadded',
  'mphantom',
  'menclose',
];
/** What KaTeX's HTML uses for stretchy symbols (square roots, arrows, \cancel). */
const SVG_TAGS = ['svg', 'path', 'line'];

const ATTRS = [
  // markdown, highlight.js, the copy button, task lists
  'href',
  'title',
  'class',
  'target',
  'rel',
  'align',
  'start',
  'type',
  'checked',
  'disabled',
  'aria-hidden',
  'data-copy-code',
  'data-lang',
  'data-katex-style',
  // MathML
  'xmlns',
  'display',
  'encoding',
  'mathvariant',
  'fence',
  'stretchy',
  'lspace',
  'rspace',
  'minsize',
  'maxsize',
  'accent',
  'accentunder',
  'linethickness',
  'notation',
  'depth',
  'height',
  'width',
  'voffset',
  'mathbackground',
  'mathcolor',
  'mathsize',
  'displaystyle',
  'scriptlevel',
  'columnalign',
  'columnlines',
  'columnspacing',
  'rowlines',
  'rowspacing',
  'separator',
  // SVG
  'viewBox',
  'preserveAspectRatio',
  'd',
  'x1',
  'x2',
  'y1',
  'y2',
  'stroke-width',
];

const CONFIG: Config = {
  ALLOWED_TAGS: [...HTML_TAGS, ...MATHML_TAGS, ...SVG_TAGS],
  ALLOWED_ATTR: ATTRS,
  ALLOW_DATA_ATTR: false,
  ALLOW_ARIA_ATTR: false,
  ALLOW_UNKNOWN_PROTOCOLS: false,
  // Checked by the hook below instead of as a URL (a style string looks like an unknown scheme).
  ADD_URI_SAFE_ATTR: ['data-katex-style'],
};

/** Our own instance: the hooks below must not change how anything else is sanitised. */
const purify = DOMPurify(window);

purify.addHook('uponSanitizeAttribute', (node, data) => {
  // Only links may point anywhere (MathML elements can carry href in some browsers).
  if (data.attrName === 'href' && node.nodeName !== 'A') data.keepAttr = false;
  if (data.attrName === 'data-katex-style') {
    const kept = mathStyleDeclarations(data.attrValue);
    if (kept.length === 0 || !node.closest('.katex, .katex-error')) data.keepAttr = false;
    else data.attrValue = kept.map(([p, v]) => `${p}:${v}`).join(';');
  }
});

purify.addHook('afterSanitizeAttributes', (node) => {
  if (node.nodeName === 'A' && node.hasAttribute('href')) {
    node.setAttribute('target', '_blank');
    node.setAttribute('rel', 'noopener noreferrer');
  }
  // Code and display maths scroll sideways when wide: focusable, so a keyboard can scroll them.
  if (node.nodeName === 'PRE' || (node.nodeName === 'DIV' && node.classList.contains('math-block'))) {
    node.setAttribute('tabindex', '0');
  }
  if (node.nodeName === 'INPUT') {
    // Task-list checkboxes only, and never clickable.
    if (node.getAttribute('type') !== 'checkbox') node.remove();
    else node.setAttribute('disabled', '');
  }
});

/** Sanitises HTML for the page (innerHTML or `dangerouslySetInnerHTML`). */
export function sanitizeHtml(html: string): string {
  return purify.sanitize(html, CONFIG);
}

/**
 * Applies KaTeX's layout styles kept in `data-katex-style` through the CSSOM (the CSP forbids
 * style attributes, not CSSOM writes), checking them again. Call after inserting math HTML.
 */
export function applyMathStyles(root: ParentNode): void {
  for (const el of root.querySelectorAll<HTMLElement | SVGElement>('[data-katex-style]')) {
    for (const [prop, value] of mathStyleDeclarations(el.getAttribute('data-katex-style') ?? '')) {
      el.style.setProperty(prop, value);
    }
    el.removeAttribute('data-katex-style');
  }
}
