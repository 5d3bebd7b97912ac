/**
 * Colour only for a person at a terminal: none when the output is piped or `NO_COLOR` is set
 * (https://no-color.org), so scripts get plain text.
 */
import type { Writable } from 'node:stream';
import type { CliIo } from '../io';

/** A writable that may be a terminal. */
export type TermOutput = Writable & { isTTY?: boolean; columns?: number; rows?: number };

/** Text styles; each returns its input unchanged when colour is off. */
export type Style = {
  color: boolean;
  dim: (s: string) => string;
  bold: (s: string) => string;
  red: (s: string) => string;
  yellow: (s: string) => string;
  green: (s: string) => string;
  cyan: (s: string) => string;
};

const wrap = (on: boolean, open: number, close: number) => (s: string) => (on ? `\x1b[${open}m${s}\x1b[${close}m` : s);

/** Whether `out` should get colour under `env`. */
export function wantsColor(out: TermOutput, env: CliIo['env']): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  return out.isTTY === true && env.TERM !== 'dumb';
}

/** The styles for `out`. */
export function styleFor(out: TermOutput, env: CliIo['env']): Style {
  const on = wantsColor(out, env);
  return {
    color: on,
    dim: wrap(on, 2, 22),
    bold: wrap(on, 1, 22),
    red: wrap(on, 31, 39),
    yellow: wrap(on, 33, 39),
    green: wrap(on, 32, 39),
    cyan: wrap(on, 36, 39),
  };
}
