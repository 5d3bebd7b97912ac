/** `hearth serve`: runs the server (what `npm start` does). */
import type { Command } from 'commander';
import type { CliIo } from '#cli/io';

export function addServeCommand(program: Command, io: CliIo): void {
  program
    .command('serve')
    .description('Start the Hearth server (configured by HEARTH_* variables)')
    .action(async () => {
      // Loaded on demand: the user commands need no web server.
      const { serve } = await import('#server/main');
      await serve(io.env);
    });
}
