/** Asking the operator to confirm something that cannot be undone. */
import { CliError, type CliIo } from './io';

/** Reads one typed line from the terminal (shown as typed). */
function readLine(io: CliIo, question: string): Promise<string> {
  const input = io.stdin;
  return new Promise((resolve) => {
    io.stderr.write(question);
    let text = '';
    const finish = (answer: string) => {
      input.removeListener('data', onData);
      input.removeListener('end', onEnd);
      input.pause();
      resolve(answer);
    };
    const onData = (chunk: string | Buffer) => {
      text += typeof chunk === 'string' ? chunk : chunk.toString('utf8');
      const end = text.search(/[\r\n]/);
      if (end >= 0) finish(text.slice(0, end));
    };
    const onEnd = () => finish(text);
    input.on('data', onData);
    input.once('end', onEnd);
    input.resume();
  });
}

/**
 * Asks `question` at the terminal and goes on only on "y" or "yes".
 * @throws CliError when the answer is anything else, or there is no terminal to ask at
 *   (`whenNoTerminal` says what to add instead)
 */
export async function confirm(io: CliIo, question: string, whenNoTerminal: string): Promise<void> {
  if (!io.stdin.isTTY) throw new CliError(`There is no terminal to ask for confirmation. ${whenNoTerminal}`);
  const answer = await readLine(io, `${question} [y/N] `);
  if (!/^\s*y(es)?\s*$/i.test(answer)) throw new CliError('Nothing was changed.');
}

/** "1 session", "3 sessions". */
export const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;
