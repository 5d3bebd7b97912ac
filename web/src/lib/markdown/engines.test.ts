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
    let arrived = 0;
    const bothHere = new Promise<void>((resolve) =>
      onEngineLoaded(() => {
        if (++arrived === 2) resolve();
      }),
    );
    takePending();
    const before = renderMarkdown(SOURCE);
    expect(before).toContain('<code class="math-pending">e^{i\\pi}</code>');
    expect(before).toContain('def f(): pass');
    expect(before).not.toContain('hljs-keyword');
    expect(takePending()).toBe(true);

    await bothHere;
    const after = renderMarkdown(SOURCE);
    expect(after).toContain('class="katex"');
    expect(after).toContain('<span class="hljs-keyword">def</span>');
    expect(takePending()).toBe(false);
  });
});
