/** The web build drops the schemas' `.describe()` texts (vite.strip-describe.ts), and only those. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { stripDescribe } from '../vite.strip-describe';

describe('stripDescribe', () => {
  it('drops literal descriptions, joined ones too, and keeps the rest of the chain', () => {
    const source = `z.object({ a: z.string().describe('It\\'s "a"'), b: z.number().min(1, 'too small').describe(
      'one ' +
        \`two\`,
    ), c: z.boolean().describe(text) })`;
    const out = stripDescribe(source);
    expect(out).toBe(`z.object({ a: z.string(), b: z.number().min(1, 'too small'), c: z.boolean().describe(text) })`);
  });

  it('leaves no literal description in any common/ schema file', () => {
    const dir = path.resolve(import.meta.dirname, '../common');
    for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))) {
      const out = stripDescribe(fs.readFileSync(path.join(dir, file), 'utf8'));
      expect(out, file).not.toMatch(/\.describe\(\s*['"`]/);
    }
  });
});
