/**
 * The two heavy parts of the markdown pipeline, KaTeX (maths) and highlight.js (code), each its
 * own chunk, fetched the first time a reply needs it: a chat of plain replies never downloads
 * them, and a code block fetches only its own language's grammar beside highlight.js's core.
 * Rendering stays synchronous: until an engine is here its part shows as plain text, the
 * pipeline does not cache that block (`takePending`), and the page renders again when the
 * engine arrives (`onEngineLoaded`).
 */
import type { HLJSApi } from 'highlight.js';
import type Katex from 'katex';
import { GRAMMARS } from './code-languages';

type Engine<T> = { value: T | null; loading: Promise<void> | null; load: () => Promise<{ default: T }> };

const math: Engine<typeof Katex> = { value: null, loading: null, load: () => import('./math-engine') };
const code: Engine<HLJSApi> = { value: null, loading: null, load: () => import('./code-engine') };
/** Grammars asked for (each fetch, by name), and those registered with highlight.js. */
const grammarLoads = new Map<string, Promise<void>>();
const readyGrammars = new Set<string>();
const listeners = new Set<() => void>();
let pending = false;

const arrived = () => listeners.forEach((fn) => fn());

function start<T>(engine: Engine<T>): Promise<void> {
  engine.loading ??= engine.load().then(
    (m) => {
      engine.value = m.default;
      arrived();
    },
    () => {
      // Offline after an upgrade, say: the text stays plain, and the next render tries again.
      engine.loading = null;
    },
  );
  return engine.loading;
}

/** Fetches `name`'s grammar beside the core (not after it) and registers it once both are here. */
function loadGrammar(name: string): Promise<void> {
  const load = Promise.all([GRAMMARS[name]!(), start(code)]).then(
    ([grammar]) => {
      // The core could not be fetched (start() said so by resolving empty): ask again next render.
      if (!code.value) return void grammarLoads.delete(name);
      code.value.registerLanguage(name, grammar.default);
      readyGrammars.add(name);
      arrived();
    },
    () => void grammarLoads.delete(name),
  );
  grammarLoads.set(name, load);
  return load;
}

function ready<T>(engine: Engine<T>): T | null {
  if (engine.value) return engine.value;
  pending = true;
  void start(engine);
  return null;
}

/** KaTeX, or null while it is being fetched (asking starts the fetch). */
export const mathEngine = () => ready(math);
/**
 * highlight.js with the grammar `name` (a name of code-languages.ts) registered, or null while
 * either is being fetched (asking starts both fetches).
 */
export function codeEngine(name: string): HLJSApi | null {
  if (readyGrammars.has(name) && code.value) return code.value;
  pending = true;
  if (!grammarLoads.has(name)) void loadGrammar(name);
  return null;
}

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

/** Fetches both engines and every grammar now (tests, which render synchronously and expect the final HTML). */
export async function loadEngines(): Promise<void> {
  await start(math);
  await Promise.all(Object.keys(GRAMMARS).map((name) => grammarLoads.get(name) ?? loadGrammar(name)));
}
