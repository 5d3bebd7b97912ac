/**
 * The CLI's streams and environment, passed in rather than taken from `process`, so tests can
 * run commands in-process with their own input, output and data dir.
 */
import { Writable } from 'node:stream';

/** Standard input as the prompt needs it: a readable that may be a terminal. */
export type CliInput = NodeJS.ReadableStream & {
  isTTY?: boolean;
  isRaw?: boolean;
  setRawMode?: (mode: boolean) => unknown;
};

export type CliIo = {
  stdin: CliInput;
  stdout: Writable;
  stderr: Writable;
  /** Read by loadConfig: the same variables as the server. */
  env: Record<string, string | undefined>;
};

/** The real process's streams and environment. */
export function processIo(): CliIo {
  return { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env };
}

/** A failure to report as `hearth: <message>` with a non-zero exit code. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** Writes one line. */
export const say = (out: Writable, line = '') => {
  out.write(`${line}\n`);
};
