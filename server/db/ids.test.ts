import { describe, expect, it } from 'vitest';
import { newId } from './ids';

describe('newId', () => {
  it('makes unique ids that sort in creation order, even within one millisecond', () => {
    const now = Date.now();
    const ids = Array.from({ length: 5000 }, () => newId(now));
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
    const later = newId(now + 1);
    expect(later > ids.at(-1)!).toBe(true);
  });

  it('uses only the 32 Crockford letters, 26 of them', () => {
    for (let i = 0; i < 1000; i++) expect(newId()).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
  });
});
