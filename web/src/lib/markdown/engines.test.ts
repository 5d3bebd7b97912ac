/**
 * KaTeX and highlight.js come on first use: before they arrive a reply still renders (formula
 * as its source, code unhighlighted), says it waited (so the pipeline does not cache it), and
 * once they are here the same source renders in full.
 */
import { describe, expect, it } from 'vitest';
import { renderMarkdown } from './render';
import { onEngineLoaded, takePending } from './engines';

const SOURCE = 'Euler: $e^{i\\pi}$\n\n```python\ndef f(): pass\n```';

describe('the maths and code engines', () => {
  // First: once the engines are here, nothing would ever wait.
  it('fetches nothing for a reply with neither', () => {
    takePending();
    renderMarkdown('Just **words**, a [link](https://example.com) and a list:\n\n- one\n- two');
    expect(takePending()).toBe(false);
  });

  it('renders plain until they arrive, then in full, and says when they did', async () => {
    // Each arrival (KaTeX, highlight.js's core, the Python grammar) calls the listeners.
    const rendersInFull = new Promise<void>((resolve) =>
      onEngineLoaded(() => {
        const html = renderMarkdown(SOURCE);
        takePending();
        if (html.includes('class="katex"') && html.includes('hljs-keyword')) resolve();
      }),
    );
    takePending();
    const before = renderMarkdown(SOURCE);
    expect(before).toContain('<code class="math-pending">e^{i\\pi}</code>');
    expect(before).toContain('def f(): pass');
    expect(before).not.toContain('hljs-keyword');
    expect(takePending()).toBe(true);

    await rendersInFull;
    const after = renderMarkdown(SOURCE);
    expect(after).toContain('class="katex"');
    expect(after).toContain('<span class="hljs-keyword">def</span>');
    expect(takePending()).toBe(false);
  });

  it('fetches only the grammar a block asks for, by any of its names', async () => {
    const shell = new Promise<void>((resolve) =>
      onEngineLoaded(() => {
        const html = renderMarkdown('```sh\nls -la\n```');
        takePending();
        if (html.includes('hljs-')) resolve();
      }),
    );
    renderMarkdown('```sh\nls -la\n```');
    await shell;
    expect(renderMarkdown('```zsh\necho $HOME\n```')).toContain('hljs-');
    // Rust was never asked for: it is plain until a block needs it.
    expect(renderMarkdown('```rust\nfn main() {}\n```')).not.toContain('hljs-');
    expect(takePending()).toBe(true);
    // A language we do not highlight is plain text, and nothing waits for it.
    expect(renderMarkdown('```brainfuck\n+++\n```')).toContain('+++');
    expect(takePending()).toBe(false);
  });
});
