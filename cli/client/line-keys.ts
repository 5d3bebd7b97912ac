/**
 * Keys node:readline does not handle the way a chat needs, added by wrapping its key handler
 * (`_ttyWrite`, the one place every key passes; stable across Node versions):
 * - while a reply runs, keys are held back (typed ahead, replayed at the next prompt) except
 *   Ctrl+C, which stops the reply;
 * - Ctrl+C at the prompt clears the line, or on an empty line says how to leave (a second
 *   within two seconds leaves);
 * - Ctrl+R searches the input history backwards, as in bash;
 * - a bracketed paste of several lines becomes one placeholder, sent whole with Enter.
 */
import type { Interface } from 'node:readline';
import type { Style, TermOutput } from './style';

/** What readline passes for each key. */
type Key = { name?: string; ctrl?: boolean; meta?: boolean; shift?: boolean; sequence?: string };
type TtyWrite = (s: string | undefined, key: Key | undefined) => void;
/** The readline internals used here. */
type ReadlineInternals = Interface & {
  _ttyWrite: TtyWrite;
  _refreshLine: () => void;
  line: string;
  cursor: number;
  history: string[];
};

/** Hooks the REPL gives the key handler. */
export type KeyHooks = {
  /** True while a reply is being written. */
  busy: () => boolean;
  /** Ctrl+C during a reply. */
  onStop: () => void;
  /** Ctrl+C twice at an empty prompt. */
  onLeave: () => void;
};

const LEAVE_WINDOW_MS = 2000;

/** Installs the keys on `rl`; returns the paste store (placeholder → text). */
export function installLineKeys(rl: Interface, out: TermOutput, style: Style, hooks: KeyHooks) {
  const r = rl as ReadlineInternals;
  const original: TtyWrite = r._ttyWrite.bind(r);
  const pastes = new Map<string, string>();
  let lastCtrlC = 0;
  let paste: string | null = null;
  let search: { query: string; index: number; saved: string } | null = null;
  const typedAhead: [string | undefined, Key][] = [];

  const searchMatch = () => {
    if (!search) return { index: -1, text: '' };
    for (let i = search.index; i < r.history.length; i++) {
      const entry = r.history[i]!;
      if (entry.includes(search.query)) return { index: i, text: entry };
    }
    return { index: -1, text: '' };
  };
  const drawSearch = () => {
    const found = searchMatch();
    const label = found.index < 0 && search?.query ? 'failing reverse-i-search' : 'reverse-i-search';
    out.write(`\r\x1b[K(${label})\`${search?.query ?? ''}': ${found.text}`);
  };
  const endSearch = (accept: boolean) => {
    const found = searchMatch();
    r.line = accept && found.index >= 0 ? found.text : (search?.saved ?? '');
    r.cursor = r.line.length;
    search = null;
    r._refreshLine();
  };

  const onSearchKey = (s: string | undefined, key: Key) => {
    if (!search) return;
    if (key.ctrl && key.name === 'r') {
      const found = searchMatch();
      if (found.index >= 0) search.index = found.index + 1;
      return drawSearch();
    }
    if ((key.ctrl && key.name === 'g') || key.name === 'escape' || (key.ctrl && key.name === 'c'))
      return endSearch(false);
    if (key.name === 'backspace') {
      search.query = search.query.slice(0, -1);
      search.index = 0;
      return drawSearch();
    }
    if (key.name === 'return' || key.name === 'enter') {
      endSearch(true);
      return original('\r', { name: 'return' });
    }
    if (s && !key.ctrl && !key.meta && s.length === 1 && s >= ' ') {
      search.query += s;
      return drawSearch();
    }
    // Any other key (arrows, Tab…) takes the match into the line and then does its usual work.
    endSearch(true);
    original(s, key);
  };

  const onCtrlC = () => {
    if (r.line.length > 0) {
      out.write('^C\n');
      r.line = '';
      r.cursor = 0;
      return rl.prompt();
    }
    if (Date.now() - lastCtrlC < LEAVE_WINDOW_MS) return hooks.onLeave();
    lastCtrlC = Date.now();
    out.write(`\n${style.dim('(To leave, press Ctrl+C again, press Ctrl+D, or type /exit.)')}\n`);
    rl.prompt();
  };

  r._ttyWrite = (s, key = {}) => {
    if (hooks.busy()) {
      if (key.ctrl && key.name === 'c') hooks.onStop();
      else typedAhead.push([s, key]);
      return;
    }
    if (key.name === 'paste-start') return void (paste = '');
    if (key.name === 'paste-end') {
      const text = paste ?? '';
      paste = null;
      if (!text.includes('\n')) return void rl.write(text);
      const placeholder = `[pasted ${text.split('\n').length} lines #${pastes.size + 1}]`;
      pastes.set(placeholder, text);
      return void rl.write(placeholder);
    }
    if (paste !== null) {
      paste += key.name === 'return' || key.name === 'enter' ? '\n' : (s ?? '');
      return;
    }
    if (search) return onSearchKey(s, key);
    if (key.ctrl && key.name === 'r') {
      search = { query: '', index: 0, saved: r.line };
      return drawSearch();
    }
    if (key.ctrl && key.name === 'c') return onCtrlC();
    original(s, key);
  };

  /** Puts pasted text back in place of its placeholders. */
  const expandPastes = (text: string) => {
    let result = text;
    for (const [placeholder, pasted] of pastes) result = result.split(placeholder).join(pasted);
    return result;
  };
  /** Replays the keys typed while a reply ran, as if typed now (call after the prompt). */
  const replayTypedAhead = () => {
    for (const [s, key] of typedAhead.splice(0)) r._ttyWrite(s, key);
  };
  return { expandPastes, replayTypedAhead };
}
