/**
 * Entry of the terminal client commands (bundled on its own to dist/client/cli.js, which
 * bin/hearth.js runs for login, logout, chat and ask): it loads none of the server's code, so
 * `hearth ask` starts nearly as fast as Node itself. A plain `hearth ask …` line skips even the
 * command-line parser (fast-ask.ts).
 */
import { processIo } from '../io';
import { parseAskLine } from './fast-ask';
import { reportFailure } from './report';

const io = processIo();
const argv = process.argv.slice(2);
const fast = parseAskLine(argv);
let code: number;
if (fast) {
  try {
    const { ask } = await import('./ask');
    await ask(io, fast.words, fast.options);
    code = 0;
  } catch (err) {
    code = reportFailure(err, io);
  }
} else {
  const { runClient } = await import('./run');
  code = await runClient(argv, io);
}
process.exitCode = code;
