/**
 * A build step for the web app: drops zod's `.describe('…')` texts from the `common/` schemas in
 * the browser's bundle. They document the API (the OpenAPI page the server builds from them);
 * the web app never reads them, and they were ~15 KB of the sign-in page's first download
 * (issue 15: a phone's first load is counted in bytes). Only calls whose argument is string
 * literals (joined with `+`; templates of plain expressions) are dropped; others are left.
 */
import type { Plugin } from 'vite';

// A template's \${…} may hold a plain expression (a name, a join): dropping it has no effect.
const LITERAL = String.raw`(?:'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|\`(?:[^\`\\$]|\\.|\$(?!\{)|\$\{[^\`{}]*\})*\`)`;
const DESCRIBE = new RegExp(String.raw`\.describe\(\s*${LITERAL}(?:\s*\+\s*${LITERAL})*\s*,?\s*\)`, 'g');

/** `source` without its literal `.describe(…)` calls. */
export const stripDescribe = (source: string): string => source.replace(DESCRIBE, '');

/** The Vite plugin: applies `stripDescribe` to `common/*.ts` (never to tests). */
export function stripSchemaDescriptions(): Plugin {
  return {
    name: 'hearth-strip-schema-descriptions',
    apply: 'build',
    transform(code, id) {
      if (!/[\\/]common[\\/][^\\/]+\.ts$/.test(id) || id.endsWith('.test.ts')) return null;
      const stripped = stripDescribe(code);
      return stripped === code ? null : { code: stripped, map: null };
    },
  };
}
