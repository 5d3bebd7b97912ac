/**
 * An assistant reply rendered as markdown: marked → DOMPurify → the page. The pipeline is its
 * own chunk, fetched when the first reply is on screen (the sign-in page and a new chat never
 * need it), and KaTeX and highlight.js come only with a reply that has maths or code
 * (lib/markdown/engines.ts); until they arrive that part shows as plain text. Code blocks carry a Copy button (handled here by
 * delegation). While streaming, React may skip frames under load (useDeferredValue).
 *
 * The reply is rendered per top-level block (lib/markdown/pipeline.ts) and the DOM is patched per
 * block: the nodes of blocks that did not change stay exactly as they are, so a selection or a
 * copy in the finished part of a streaming reply does not jump while the last block grows.
 */
import { memo, useDeferredValue, useLayoutEffect, useMemo, useRef, useSyncExternalStore, type MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { copyText } from '#web/lib/clipboard';

type Pipeline = typeof import('#web/lib/markdown/pipeline');
/** The pipeline once here, and a number that changes when KaTeX or highlight.js arrives. */
type Loaded = { pipeline: Pipeline; engines: number };
let loaded: Loaded | null = null;
let loading = false;
const listeners = new Set<() => void>();
const changed = (next: Loaded) => {
  loaded = next;
  listeners.forEach((fn) => fn());
};

/**
 * Fetches the pipeline the first time a reply is on screen (a new, empty chat never needs it),
 * or as soon as the member starts typing a message that will get one.
 */
export function preloadMarkdown() {
  if (loading) return;
  loading = true;
  import('#web/lib/markdown/pipeline')
    .then((pipeline) => {
      // Replies drawn before their maths or code engine arrived are drawn again with it.
      pipeline.onEngineLoaded(() => changed({ pipeline, engines: (loaded?.engines ?? 0) + 1 }));
      changed({ pipeline, engines: 0 });
    })
    .catch(() => {
      // Offline after an upgrade, say: replies stay readable as plain text; the next reply tries again.
      loading = false;
    });
}
const subscribe = (fn: () => void) => {
  preloadMarkdown();
  listeners.add(fn);
  return () => void listeners.delete(fn);
};
const usePipeline = () => useSyncExternalStore(subscribe, () => loaded);

/** The code blocks' button words, in the app's language. */
type CopyWords = { copy: string; copied: string; failed: string };

async function onCopyClick(e: MouseEvent<HTMLDivElement>, words: CopyWords) {
  const button = (e.target as HTMLElement).closest<HTMLButtonElement>('.code-copy');
  if (!button) return;
  const code = button.closest('.code-block')?.querySelector('code')?.textContent ?? '';
  const ok = await copyText(code);
  button.textContent = ok ? words.copied : words.failed;
  setTimeout(() => (button.textContent = words.copy), 1500);
}

type Rendered = { html: string; nodes: ChildNode[] };

/**
 * Makes `root`'s children the given blocks' HTML, replacing only the blocks whose HTML changed
 * (normally just the last). The HTML is sanitised; a template parses it inertly.
 */
function patchBlocks(
  root: HTMLElement,
  previous: Rendered[],
  blocks: readonly string[],
  applyStyles: (n: ParentNode) => void,
): Rendered[] {
  const next: Rendered[] = [];
  for (let i = 0; i < blocks.length; i++) {
    const html = blocks[i]!;
    const old = previous[i];
    if (old?.html === html) {
      next.push(old);
      continue;
    }
    const template = document.createElement('template');
    template.innerHTML = html;
    const nodes = [...template.content.childNodes];
    // In place of the old block: before the first node of a later block still on the page.
    const before = previous.slice(i + 1).find((r) => r.nodes.length > 0)?.nodes[0] ?? null;
    for (const n of old?.nodes ?? []) n.remove();
    root.insertBefore(template.content, before);
    for (const n of nodes) if (n instanceof Element) applyStyles(n);
    next.push({ html, nodes });
  }
  for (const gone of previous.slice(blocks.length)) for (const n of gone.nodes) n.remove();
  return next;
}

/** The reply's blocks, patched into the DOM by hand (React renders the container only). */
function Blocks({ blocks, pipeline, className }: { blocks: string[]; pipeline: Pipeline; className: string }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  const rendered = useRef<Rendered[]>([]);
  const words: CopyWords = { copy: t('copy'), copied: t('copied'), failed: t('copyFailed') };
  useLayoutEffect(() => {
    if (ref.current) rendered.current = patchBlocks(ref.current, rendered.current, blocks, pipeline.applyMathStyles);
  }, [blocks, pipeline]);
  // The pipeline writes the button in English (it knows no language): label it in the app's.
  useLayoutEffect(() => {
    for (const button of ref.current?.querySelectorAll('.code-copy') ?? []) button.textContent = words.copy;
  }, [blocks, words.copy]);
  return <div ref={ref} className={className} onClick={(e) => void onCopyClick(e, words)} />;
}

/** Props: the markdown source; `streaming` shows a caret after the last block. */
export const Markdown = memo(function Markdown({ source, streaming }: { source: string; streaming?: boolean }) {
  const deferred = useDeferredValue(source);
  const loaded = usePipeline();
  const blocks = useMemo(
    // `loaded` changes when an engine arrives: the blocks that waited for it are rendered again.
    () => (loaded ? loaded.pipeline.toSafeBlocks(deferred, streaming) : null),
    [loaded, deferred, streaming],
  );
  const cls = `markdown${streaming ? ' is-streaming' : ''}`;
  if (blocks === null || loaded === null) return <div className={`${cls} is-plain`}>{deferred}</div>;
  return <Blocks key="blocks" blocks={blocks} pipeline={loaded.pipeline} className={cls} />;
});
