import { describe, expect, it } from 'vitest';
import { fts5Expression } from './search-fts5';
import { fold, MAX_TERM_LENGTH, MAX_TERMS, searchTerms } from './search-terms';

describe('searchTerms', () => {
  it('keeps only words: quotes, operators, columns and wildcards are separators', () => {
    expect(searchTerms('" OR 1')).toEqual(['OR', '1']);
    expect(searchTerms('NEAR(a b)')).toEqual(['NEAR', 'a', 'b']);
    expect(searchTerms('title:x -y z* ^w {body}:v')).toEqual(['title', 'x', 'y', 'z', 'w', 'body', 'v']);
    expect(searchTerms('*')).toEqual([]);
    expect(searchTerms('"')).toEqual([]);
    expect(searchTerms('   ')).toEqual([]);
    expect(searchTerms('\u0301\u0000')).toEqual([]); // a lone combining mark is not a word
  });

  it('keeps letters of every script, accents attached, each word once', () => {
    expect(searchTerms('Café crème CAFÉ cafe')).toEqual(['Café', 'crème']);
    expect(searchTerms('Привет мир 坂本龍一 ١٢٣')).toEqual(['Привет', 'мир', '坂本龍一', '١٢٣']);
    // Decomposed input is composed first, so the accent stays with its letter.
    expect(searchTerms('cafe\u0301')).toEqual(['café']);
  });

  it('bounds the number and length of words', () => {
    expect(searchTerms(Array.from({ length: 20 }, (_, i) => `w${i}`).join(' '))).toHaveLength(MAX_TERMS);
    expect(searchTerms('x'.repeat(500))[0]).toHaveLength(MAX_TERM_LENGTH);
  });
});

describe('fold', () => {
  it('lower-cases and drops accents', () => {
    expect(fold('Crème Brûlée NAÏVE')).toBe('creme brulee naive');
  });
});

describe('fts5Expression', () => {
  it('quotes every term, prefixes all but one-character ones, and ANDs them', () => {
    expect(fts5Expression(['OR', 'a', 'NEAR'])).toBe('"OR"* AND "a" AND "NEAR"*');
    expect(fts5Expression(['say"hi'])).toBe('"say""hi"*');
  });
});
