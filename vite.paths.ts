/**
 * The project's one import scheme: `#common/…`, `#server/…`, `#cli/…`, `#web/…`, `#test/…`.
 * tsconfig.json `paths` says the same for the type checker; every Vite/Vitest config imports
 * this map so the two cannot drift (a test in `test/imports.test.ts` compares them).
 */
import { fileURLToPath } from 'node:url';

const root = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export const importAliases: Record<string, string> = {
  '#common': root('./common'),
  '#server': root('./server'),
  '#cli': root('./cli'),
  '#web': root('./web/src'),
  '#test': root('./test'),
};
