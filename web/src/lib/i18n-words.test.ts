/**
 * Issue 15 item 8: English and German are both complete. Every namespace file of every feature
 * (other features' too: the test reads the folder) has the same keys in both languages, no empty
 * words, and the same {{placeholders}} — a German sentence that drops {{count}} would read wrong.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../locales');
const LANGUAGES = ['en', 'de'];

/** `{"a": {"b": "x"}}` → `{"a.b": "x"}`; a non-string leaf is kept as is, to be reported. */
function flatten(value: unknown, prefix = '', out: Record<string, unknown> = {}): Record<string, unknown> {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, inner] of Object.entries(value)) flatten(inner, prefix ? `${prefix}.${key}` : key, out);
  } else out[prefix] = value;
  return out;
}

const read = (language: string, file: string) =>
  flatten(JSON.parse(fs.readFileSync(path.join(root, language, file), 'utf8')));
const placeholders = (text: string) => [...text.matchAll(/\{\{\s*([\w.]+)[^}]*\}\}/g)].map((m) => m[1]).sort();

const namespaces = [...new Set(LANGUAGES.flatMap((language) => fs.readdirSync(path.join(root, language))))].sort();

describe('the app’s words', () => {
  it('has namespace files (common among them) in every language', () => {
    expect(namespaces).toContain('common.json');
    for (const language of LANGUAGES) {
      const missing = namespaces.filter((file) => !fs.existsSync(path.join(root, language, file)));
      expect(missing, `namespace files missing in ${language}`).toEqual([]);
    }
  });

  it.each(namespaces)('%s: the same keys in English and German, none empty, same placeholders', (file) => {
    const en = read('en', file);
    const de = read('de', file);
    expect(
      Object.keys(de).filter((key) => !(key in en)),
      `keys in de/${file} that en lacks`,
    ).toEqual([]);
    expect(
      Object.keys(en).filter((key) => !(key in de)),
      `keys in en/${file} that de lacks`,
    ).toEqual([]);
    for (const [language, words] of [
      ['en', en],
      ['de', de],
    ] as const) {
      const bad = Object.entries(words).filter(([, text]) => typeof text !== 'string' || text.trim() === '');
      expect(
        bad.map(([key]) => key),
        `empty or non-text words in ${language}/${file}`,
      ).toEqual([]);
    }
    const differ = Object.keys(en).filter(
      (key) => key in de && placeholders(String(en[key])).join() !== placeholders(String(de[key])).join(),
    );
    expect(differ, `placeholders that differ between en/${file} and de/${file}`).toEqual([]);
  });
});
