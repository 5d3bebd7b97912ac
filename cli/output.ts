/** What a command prints: a sentence for people, or with `--json` the result for scripts. */
import { say, type CliIo } from './io';

/** The `--json` option's text, the same on every command. */
export const JSON_OPTION = ['--json', 'print the result as JSON (for scripts)'] as const;

/** Prints `result` as one line of JSON when `json`, else the lines `text` makes. */
export function print<T>(
  io: CliIo,
  json: boolean | undefined,
  result: T,
  text: (result: T) => string | string[],
): void {
  if (json === true) {
    say(io.stdout, JSON.stringify(result));
    return;
  }
  const lines = text(result);
  for (const line of typeof lines === 'string' ? [lines] : lines) say(io.stdout, line);
}
