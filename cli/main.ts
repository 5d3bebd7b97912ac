/** Entry of the `hearth` command (bundled to dist/server/cli.js; bin/hearth.js imports it). */
import { processIo } from './io';
import { runCli } from './program';

const code = await runCli(process.argv.slice(2), processIo());
// `hearth serve` keeps running on its open server; other commands end when their work is done.
if (code !== 0) process.exitCode = code;
