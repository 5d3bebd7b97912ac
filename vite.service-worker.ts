/**
 * Builds dist/web/sw.js from web/service-worker.js: fills in the app shell (the page, the entry
 * script with everything it imports at start, its CSS, the manifest and the icons) and a version
 * derived from those file names, so a new build replaces the old cache and an unchanged one keeps it.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Plugin, Rollup } from 'vite';

type OutputBundle = Rollup.OutputBundle;
type OutputChunk = Rollup.OutputChunk;

const STATIC_SHELL = ['/', '/manifest.webmanifest', '/favicon.svg', '/theme-init.js', '/icons/icon-192.png'];

/** What the template holds for the version and the shell's file list. */
const PLACEHOLDERS = ["'__HEARTH_VERSION__'", '[/* the app shell, filled in at build */]'] as const;

/** The files the entry needs before it can draw anything (its static imports, transitively, and CSS). */
function entryFiles(bundle: OutputBundle): string[] {
  const chunks = Object.values(bundle).filter((o): o is OutputChunk => o.type === 'chunk');
  const byName = new Map(chunks.map((c) => [c.fileName, c]));
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const chunk = byName.get(file);
    if (!chunk) return;
    chunk.imports.forEach(visit);
    chunk.viteMetadata?.importedCss.forEach((css) => seen.add(css));
  };
  chunks.filter((c) => c.isEntry).forEach((c) => visit(c.fileName));
  return [...seen].map((f) => `/${f}`);
}

/** The Vite plugin. */
export function serviceWorker(templatePath: string): Plugin {
  return {
    name: 'hearth-service-worker',
    apply: 'build',
    generateBundle(_options, bundle) {
      const shell = [...STATIC_SHELL, ...entryFiles(bundle)];
      const version = crypto.createHash('sha256').update(shell.join('\n')).digest('hex').slice(0, 12);
      const template = fs.readFileSync(path.resolve(templatePath), 'utf8');
      for (const placeholder of PLACEHOLDERS) {
        if (!template.includes(placeholder)) this.error(`${templatePath} lost its placeholder ${placeholder}`);
      }
      const source = template
        .replace(PLACEHOLDERS[0], JSON.stringify(version))
        .replace(PLACEHOLDERS[1], JSON.stringify(shell));
      this.emitFile({ type: 'asset', fileName: 'sw.js', source });
    },
  };
}
