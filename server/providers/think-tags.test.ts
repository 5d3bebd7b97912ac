import { describe, expect, it } from 'vitest';
import { ThinkTagSplitter } from './think-tags';
import type { StreamPart } from './types';

/** Feeds chunks and returns the joined reasoning and answer. */
function split(chunks: string[]): { reasoning: string; answer: string; parts: StreamPart[] } {
  const s = new ThinkTagSplitter();
  const parts = [...chunks.flatMap((c) => s.push(c)), ...s.flush()];
  const join = (kind: string) => parts.map((p) => (p.kind === kind && 'text' in p ? p.text : '')).join('');
  return { reasoning: join('reasoning'), answer: join('delta'), parts };
}

describe('ThinkTagSplitter', () => {
  it('splits a think block from the answer and drops the blank lines after it', () => {
    expect(split(['<think>Let me count.</think>\n\n1, 2, 3'])).toMatchObject({
      reasoning: 'Let me count.',
      answer: '1, 2, 3',
    });
  });

  it('handles both tags cut across chunks', () => {
    const r = split(['<thi', 'nk>', 'Let me', ' count.</th', 'ink', '>\n', '\n1, 2', ', 3']);
    expect(r).toMatchObject({ reasoning: 'Let me count.', answer: '1, 2, 3' });
    // Nothing of a tag leaks into either side.
    expect(r.parts.every((p) => !('text' in p) || !/[<>]/.test(p.text))).toBe(true);
  });

  it('splits even one character at a time', () => {
    const text = '\n<think>a < b, so</think>The answer is b.';
    expect(split([...text])).toMatchObject({ reasoning: 'a < b, so', answer: 'The answer is b.' });
  });

  it('leaves a reply without a think block alone, including text that starts like a tag', () => {
    expect(split(['<b>Bold</b> move'])).toMatchObject({ reasoning: '', answer: '<b>Bold</b> move' });
    expect(split(['<th', 'ere'])).toMatchObject({ answer: '<there' });
    expect(split(['  Hello', ' world'])).toMatchObject({ answer: '  Hello world' });
  });

  it('does not treat a tag in the middle of an answer as thinking', () => {
    expect(split(['Use ', '<think>', ' tags'])).toMatchObject({ reasoning: '', answer: 'Use <think> tags' });
  });

  it('streams thinking as it comes, before the closing tag arrives', () => {
    const s = new ThinkTagSplitter();
    expect(s.push('<think>First')).toEqual([{ kind: 'reasoning', text: 'First' }]);
    expect(s.push(' idea</')).toEqual([{ kind: 'reasoning', text: ' idea' }]);
    expect(s.push('think>Yes')).toEqual([{ kind: 'delta', text: 'Yes' }]);
  });

  it('keeps an unclosed think block as reasoning when the stream ends', () => {
    expect(split(['<think>still thinking</thi'])).toMatchObject({ reasoning: 'still thinking</thi', answer: '' });
  });
});
