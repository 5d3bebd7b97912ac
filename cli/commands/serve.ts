/** `hearth serve`: runs the server (what `npm start` does). */
import type { Command } from 'commander';
import { CliError, type CliIo } from '#cli/io';

export function addServeCommand(program: Command, io: CliIo): void {
  program
    .command('serve')
    .description('Start the Hearth server (configured by HEARTH_* variables)')
    .option('--memory', 'throw-away mode for a demo: everything lives in a temporary folder deleted at exit')
    .action(async (options: { memory?: boolean }) => {
      // Loaded on demand: the user commands need no web server.
      const { serve, StartError } = await import('#server/main');
      try {
        await serve(io.env, { memory: options.memory === true });
      } catch (err) {
        if (err instanceof StartError) throw new CliError(err.message);
        throw err;
      }
    });
}
