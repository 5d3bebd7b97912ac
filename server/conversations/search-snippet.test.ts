import { describe, expect, it } from 'vitest';
import { buildSnippet } from './search-snippet';

const marked = (s: { text: string; highlights: { start: number; end: number }[] }) =>
  s.highlights.map((h) => s.text.slice(h.start, h.end));

describe('buildSnippet', () => {
  it('shows a short text whole, with every matching word marked', () => {
    const s = buildSnippet('Plant the  tomatoes\nafter the frost.', ['tomato', 'frost']);
    expect(s.text).toBe('Plant the tomatoes after the frost.');
    expect(marked(s)).toEqual(['tomatoes', 'frost']);
  });

  it('matches accents and case folded, by word prefix only', () => {
    const s = buildSnippet('A CRÈME brûlée, not a tomcat or atoms.', ['creme', 'brul', 'tom']);
    expect(marked(s)).toEqual(['CRÈME', 'brûlée', 'tomcat']);
  });

  it('cuts a long text around the match, at words, with ellipses and ranges still right', () => {
    const before = Array.from({ length: 60 }, (_, i) => `word${i}`).join(' ');
    const after = Array.from({ length: 60 }, (_, i) => `tail${i}`).join(' ');
    const s = buildSnippet(`${before} the zeppelin landed ${after}`, ['zeppelin'], 100);
    expect(s.text.startsWith('…')).toBe(true);
    expect(s.text.endsWith('…')).toBe(true);
    expect(s.text.length).toBeLessThanOrEqual(102);
    expect(marked(s)).toEqual(['zeppelin']);
    expect(s.text).toMatch(/^…word\d+ /); // starts at a whole word
  });

  it('prefers the stretch where most different words meet', () => {
    const filler = Array.from({ length: 80 }, () => 'filler').join(' ');
    const s = buildSnippet(`apple ${filler} apple banana cherry ${filler}`, ['apple', 'banana', 'cherry'], 80);
    expect(marked(s)).toEqual(['apple', 'banana', 'cherry']);
  });

  it('falls back to the start without highlights, and never splits a surrogate pair', () => {
    expect(buildSnippet('nothing here', ['zzz'])).toEqual({ text: 'nothing here', highlights: [] });
    const s = buildSnippet('😀'.repeat(200), ['zzz'], 51);
    expect(s.text.endsWith('…')).toBe(true);
    expect(s.text.slice(0, -1)).toBe('😀'.repeat(26));
  });

  it('returns markup as the characters it is', () => {
    const s = buildSnippet('<img src=x onerror=alert(1)> hello', ['onerror']);
    expect(s.text).toBe('<img src=x onerror=alert(1)> hello');
    expect(marked(s)).toEqual(['onerror']);
  });
});
