import { beforeAll, describe, it, expect } from 'vitest';
import { renderBlock, renderMarkdown, splitBlocks } from './render';
import { loadEngines } from './engines';

// KaTeX and highlight.js are fetched on first use in the app (engines.test.ts covers before
// they arrive); here they are loaded first, so every test sees the final HTML.
beforeAll(loadEngines);

describe('renderMarkdown', () => {
  it('renders fenced code with a language label, a copy button and highlighting', () => {
    const html = renderMarkdown('```python\ndef f(x):\n    return "<b>"\n```');
    expect(html).toContain('<span class="code-lang">python</span>');
    expect(html).toContain('data-copy-code');
    expect(html).toContain('<span class="hljs-keyword">def</span>');
    expect(html).toContain('&lt;b&gt;');
    expect(html).not.toContain('<b>');
  });

  it('labels unknown or missing languages and escapes their code', () => {
    const html = renderMarkdown('```\n<script>alert(1)</script>\n```');
    expect(html).toContain('<span class="code-lang">text</span>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<script>');
  });

  it('shows raw HTML from a reply as text, block and inline', () => {
    const html = renderMarkdown('<div onclick="x()">hi</div>\n\nsay <img src=x onerror=alert(1)> now');
    expect(html).not.toMatch(/<div onclick|<img/);
    expect(html).toContain('&lt;div onclick=&quot;x()&quot;&gt;');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('turns images into links so nothing loads from another origin', () => {
    const html = renderMarkdown('![a cat](https://example.com/cat.png)');
    expect(html).toContain('<a href="https://example.com/cat.png">a cat</a>');
    expect(html).not.toContain('<img');
  });

  it('supports GFM tables, task lists and strikethrough', () => {
    const html = renderMarkdown('| a | b |\n|---|---|\n| 1 | 2 |\n\n- [x] done\n- [ ] todo\n\n~~old~~');
    expect(html).toContain('<table>');
    expect(html).toContain('<td>1</td>');
    expect(html).toMatch(/<input checked="" disabled="" type="checkbox"/);
    expect(html).toContain('<del>old</del>');
  });

  it('renders an unfinished code fence (mid-stream) without throwing', () => {
    expect(renderMarkdown('Here:\n```js\nconst a = 1')).toContain('<span class="code-lang">js</span>');
  });
});

describe('math', () => {
  it('renders $…$, \\(…\\), $$…$$ and \\[…\\] with KaTeX, MathML included, styles renamed', () => {
    const html = renderMarkdown(
      'Euler: $e^{i\\pi} + 1 = 0$ and \\(a^2\\).\n\n$$\n\\int_0^1 x\\,dx\n$$\n\n\\[\\frac{a}{b}\\]',
    );
    // Two inline, two display (each display wraps a .katex of its own).
    expect(html.match(/class="katex"/g)).toHaveLength(4);
    expect(html.match(/class="katex-display"/g)).toHaveLength(2);
    expect(html).toContain('<math xmlns="http://www.w3.org/1998/Math/MathML"');
    expect(html).toContain('<annotation encoding="application/x-tex">e^{i\\pi} + 1 = 0</annotation>');
    expect(html).not.toContain(' style="');
    expect(html).toContain('data-katex-style="');
  });

  it('leaves prices, code and escaped dollars alone', () => {
    const html = renderMarkdown('It costs $5 and $10, or \\$3. Code: `$x$`.\n\n```\n$y$\n```');
    expect(html).not.toContain('katex');
    expect(html).toContain('$5 and $10');
    expect(html).toContain('<code>$x$</code>');
  });

  it('does not run trusted-only commands, and bounds macro expansion', () => {
    for (const tex of [
      '\\href{javascript:alert(1)}{x}',
      '\\url{javascript:alert(1)}',
      '\\includegraphics{x.png}',
      '\\htmlClass{x}{y}',
      '\\htmlData{onclick=alert(1)}{y}',
    ]) {
      const html = renderMarkdown(`$${tex}$`);
      expect(html, tex).not.toMatch(/<a |<img |href=|data-onclick|class="x"/);
    }
    const loop = renderMarkdown('$\\def\\a{\\a\\a}\\a$');
    expect(loop).toContain('katex-error');
  });
});

describe('splitBlocks', () => {
  it('renders block by block exactly as the whole document, reference links included', () => {
    const source =
      '# Title\n\nSee [the docs][d] and $x$.\n\n- [x] done\n- [ ] todo\n\n| a |\n|---|\n| 1 |\n\n```js\nlet a\n```\n\n[d]: https://example.com/docs\n';
    const whole = renderMarkdown(source);
    expect(splitBlocks(source).map(renderBlock).join('')).toBe(whole);
    expect(whole).toContain('<a href="https://example.com/docs">the docs</a>');
  });

  it('keeps the keys of finished blocks while the last one grows', () => {
    const a = splitBlocks('First paragraph.\n\nSecond, still gr');
    const b = splitBlocks('First paragraph.\n\nSecond, still growing.');
    expect(a[0]!.key).toBe(b[0]!.key);
    expect(a.at(-1)!.key).not.toBe(b.at(-1)!.key);
  });
});
