/**
 * Markdown for the terminal with `marked` + `marked-terminal` (code highlighted by
 * cli-highlight, which marked-terminal calls). Loaded on first use only: `hearth ask` in a pipe
 * never pays for it.
 */
import { stripVTControlCharacters } from 'node:util';

/** Turns Markdown into terminal text `width` columns wide. */
export type MarkdownRenderer = (markdown: string) => string;

/** Loads the renderer; with `color` false the structure stays (bullets, tables) without escapes. */
export async function loadMarkdownRenderer(options: { width: number; color: boolean }): Promise<MarkdownRenderer> {
  // Dynamic so the bundle does not load them at start (see vite.client.config.ts).
  const [{ Marked }, { markedTerminal }] = await Promise.all([import('marked'), import('marked-terminal')]);
  const marked = new Marked<string, string>().use(
    // marked-terminal's typings lag behind marked's extension type; the shape is right.
    markedTerminal({ width: Math.max(20, options.width), reflowText: true, tab: 2 }) as Parameters<
      InstanceType<typeof Marked<string, string>>['use']
    >[0],
  );
  return (markdown) => {
    const rendered = marked.parse(markdown, { async: false });
    return options.color ? rendered : stripVTControlCharacters(rendered);
  };
}
