/**
 * Test support for the CLI (imported by tests only): one command line run in-process against
 * given input, with what it wrote collected, and a fake terminal.
 */
import { PassThrough, Readable, Writable } from 'node:stream';
import type { CliInput, CliIo } from './io';
import { runCli } from './program';

/** Collects what a stream receives. */
export function sink() {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      text += chunk.toString('utf8');
      done();
    },
  });
  return { stream, text: () => text };
}

/** What one command line did. */
export type CliRun = { code: number; stdout: string; stderr: string };

/** Runs one command line with `stdin` (a string means piped input) and `env`. */
export async function runWith(
  env: Record<string, string>,
  argv: string[],
  stdin: CliInput | string = '',
): Promise<CliRun> {
  const out = sink();
  const err = sink();
  const io: CliIo = {
    stdin: typeof stdin === 'string' ? Readable.from([stdin]) : stdin,
    stdout: out.stream,
    stderr: err.stream,
    env,
  };
  const code = await runCli(argv, io);
  return { code, stdout: out.text(), stderr: err.text() };
}

/** A fake terminal: raw mode is recorded, keys are what the user types. */
export function fakeTty(keys: string) {
  const tty = new PassThrough({ encoding: 'utf8' }) as PassThrough & CliInput;
  const modes: boolean[] = [];
  tty.isTTY = true;
  tty.isRaw = false;
  tty.setRawMode = (mode: boolean) => {
    modes.push(mode);
    tty.isRaw = mode;
  };
  tty.write(keys);
  return { tty, modes };
}
