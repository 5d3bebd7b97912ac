/**
 * Entry of the terminal client commands (bundled on its own to dist/client/cli.js, which
 * bin/hearth.js runs for login, logout, chat and ask): it loads none of the server's code, so
 * `hearth ask` starts nearly as fast as Node itself.
 */
import { processIo } from '../io';
import { runClient } from './run';

const code = await runClient(process.argv.slice(2), processIo());
process.exitCode = code;
