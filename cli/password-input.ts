/**
 * Reading a password: from a hidden terminal prompt (nothing echoed, typed twice), or with
 * `--password-stdin` from piped input. Never from an argument, which would land in the shell
 * history and the process list.
 */
import { Password } from '#common/auth';
import { CliError, type CliInput, type CliIo } from './io';

/** Reads all of stdin; one trailing newline (as `echo` adds) is not part of the password. */
async function readAllStdin(stdin: CliInput): Promise<string> {
  let text = '';
  for await (const chunk of stdin) text += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
  return text.replace(/\r?\n$/, '');
}

/**
 * A hidden-input reader over a terminal in raw mode. Keys typed ahead (or pasted) for a later
 * prompt are kept for it.
 */
function hiddenPrompter(io: CliIo) {
  const input = io.stdin;
  let pending = '';
  return (question: string) =>
    new Promise<string>((resolve, reject) => {
      io.stderr.write(question);
      const wasRaw = input.isRaw ?? false;
      input.setRawMode?.(true);
      let value = '';
      const finish = (result: string | Error) => {
        input.removeListener('data', onData);
        input.setRawMode?.(wasRaw);
        input.pause();
        io.stderr.write('\n');
        if (typeof result === 'string') resolve(result);
        else reject(result);
      };
      const consume = (text: string) => {
        const chars = [...text];
        for (let i = 0; i < chars.length; i++) {
          const ch = chars[i]!;
          if (ch === '\r' || ch === '\n') {
            pending = chars
              .slice(i + 1)
              .join('')
              .replace(/^\n/, '');
            return finish(value);
          }
          if (ch === '\u0003' || (ch === '\u0004' && value === '')) return finish(new CliError('Cancelled.', 130));
          if (ch === '\u0004') return finish(value);
          if (ch === '\u007f' || ch === '\b') value = [...value].slice(0, -1).join('');
          else if (ch >= ' ') value += ch;
        }
      };
      const onData = (chunk: string | Buffer) => consume(typeof chunk === 'string' ? chunk : chunk.toString('utf8'));
      const early = pending;
      pending = '';
      input.on('data', onData);
      input.resume();
      if (early) consume(early);
    });
}

/** Checks length rules before anything is written (common/auth Password). */
function validated(password: string): string {
  const parsed = Password.safeParse(password);
  if (!parsed.success) throw new CliError(`The password ${parsed.error.issues[0]?.message ?? 'is invalid'}.`);
  return parsed.data;
}

/**
 * Reads a new password: `fromStdin` → piped input; a terminal → hidden prompt, asked twice;
 * otherwise an error explaining --password-stdin.
 */
export async function readNewPassword(io: CliIo, options: { fromStdin: boolean }): Promise<string> {
  if (options.fromStdin) return validated(await readAllStdin(io.stdin));
  if (!io.stdin.isTTY) {
    throw new CliError('There is no terminal to ask for the password. Pipe it in and add --password-stdin.');
  }
  const ask = hiddenPrompter(io);
  const first = validated(await ask('New password: '));
  const second = await ask('Repeat the password: ');
  if (first !== second) throw new CliError('The two passwords differ. Nothing was changed.');
  return first;
}

/** Reads one line without echo at a terminal (the terminal client's sign-in), or all of piped stdin. */
export async function readSecret(io: CliIo, question: string): Promise<string> {
  if (!io.stdin.isTTY) return readAllStdin(io.stdin);
  return hiddenPrompter(io)(question);
}
