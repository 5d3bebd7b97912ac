/** A fence's language finds its grammar by any name highlight.js gives it. */
import { describe, expect, it } from 'vitest';
import { GRAMMARS, grammarName } from './code-languages';

describe('grammarName', () => {
  it('takes the registered names and the usual aliases, in any case', () => {
    expect(grammarName('python')).toBe('python');
    expect(grammarName('PY')).toBe('python');
    expect(grammarName('tsx')).toBe('typescript');
    expect(grammarName('html')).toBe('xml');
    expect(grammarName('c++')).toBe('cpp');
    expect(grammarName('brainfuck')).toBeNull();
    expect(grammarName('constructor')).toBeNull();
  });

  it('has a grammar for every alias', () => {
    for (const alias of ['sh', 'js', 'md', 'yml', 'rs', 'cs', 'golang', 'patch', 'jsonc']) {
      expect(Object.keys(GRAMMARS)).toContain(grammarName(alias));
    }
  });
});
