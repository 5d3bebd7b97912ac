/**
 * `hearth ask` without commander: scripts call it often and start-up counts (bench:cli), so a
 * plain `ask [--json] [--model ID] [--task ID] [--] words…` is read here. Anything else (help,
 * an unknown option) goes through the full parser, which explains it.
 */
import type { AskOptions } from './ask';

/** The question words and options, or null when commander should read the line. */
export function parseAskLine(argv: readonly string[]): { words: string[]; options: AskOptions } | null {
  if (argv[0] !== 'ask') return null;
  const words: string[] = [];
  const options: AskOptions = {};
  for (let i = 1; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      words.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      words.push(arg);
      continue;
    }
    const [name, inline] = arg.includes('=')
      ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
      : [arg];
    if (name === '--json' && inline === undefined) options.json = true;
    else if (name === '--model' || name === '--task') {
      const value = inline ?? argv[++i];
      if (value === undefined || value === '') return null;
      options[name === '--model' ? 'model' : 'task'] = value;
    } else return null;
  }
  return { words, options };
}
