/** Running the terminal client's commands on given streams (tests run them in-process). */
import { Command, CommanderError } from 'commander';
import type { CliIo } from '../io';
import { addClientCommands } from './commands';
import { EXIT } from './exit-codes';
import { reportFailure } from './report';

/** Runs one client command line; returns the exit code (usage errors are 2). */
export async function runClient(argv: string[], io: CliIo): Promise<number> {
  const program = new Command('hearth')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) });
  addClientCommands(program, io);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return EXIT.ok;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : EXIT.usage;
    return reportFailure(err, io);
  }
}
