/** The import scheme is defined once: tsconfig `paths` and vite.paths.ts must agree. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importAliases } from '../vite.paths';

describe('import aliases', () => {
  it('tsconfig paths and the Vite aliases name the same folders', () => {
    const tsconfig = JSON.parse(fs.readFileSync(path.resolve('tsconfig.json'), 'utf8')) as {
      compilerOptions: { paths: Record<string, string[]> };
    };
    const fromTsconfig = Object.fromEntries(
      Object.entries(tsconfig.compilerOptions.paths).map(([alias, [target]]) => [
        alias.replace(/\/\*$/, ''),
        path.resolve(target!.replace(/\/\*$/, '')),
      ]),
    );
    expect(fromTsconfig).toEqual(importAliases);
  });
});
