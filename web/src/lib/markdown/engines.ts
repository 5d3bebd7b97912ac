/**
 * The two heavy parts of the markdown pipeline, KaTeX (maths) and highlight.js (code), each its
 * own chunk, fetched the first time a reply needs it: a chat of plain replies never downloads
 * them. Rendering stays synchronous: until an engine is here its part shows as plain text,
 * the pipeline does not cache that block (`takePending`), and the page renders again when the
 * engine arrives (`onEngineLoaded`).
 */
import type { HLJSApi } from 'highlight.js';
import type Katex from 'katex';

type Engine<T> = { value: T | null; loading: boolean; load: () => Promise<{ default: T }> };

const math: Engine<typeof Katex> = { value: null, loading: false, load: () => import('./math-engine') };
const code: Engine<HLJSApi> = { value: null, loading: false, load: () => import('./code-engine') };
const listeners = new Set<() => void>();
let pending = false;

function start<T>(engine: Engine<T>): Promise<void> {
  engine.loading = true;
  return engine.load().then(
    (m) => {
      engine.value = m.default;
      listeners.forEach((fn) => fn());
    },
    () => {
      // Offline after an upgrade, say: the text stays plain, and the next render tries again.
      engine.loading = false;
    },
  );
}

function ready<T>(engine: Engine<T>): T | null {
  if (engine.value) return engine.value;
  pending = true;
  if (!engine.loading) void start(engine);
  return null;
}

/** KaTeX, or null while it is being fetched (asking starts the fetch). */
export const mathEngine = () => ready(math);
/** highlight.js, or null while it is being fetched (asking starts the fetch). */
export const codeEngine = () => ready(code);

/** Whether anything rendered since the last call waited for an engine (then: do not cache it). */
export function takePending(): boolean {
  const was = pending;
  pending = false;
  return was;
}

/** Calls `fn` whenever an engine arrives; returns the unsubscribe. */
export function onEngineLoaded(fn: () => void): () => void {
  listeners.add(fn);
  return () => void listeners.delete(fn);
}

/** Fetches both engines now (tests, which render synchronously and expect the final HTML). */
export async function loadEngines(): Promise<void> {
  if (!math.value) await start(math);
  if (!code.value) await start(code);
}
