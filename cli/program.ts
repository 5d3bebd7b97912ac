/**
 * The `hearth` command tree. `runCli` runs one command line against given streams and returns
 * the exit code, so tests run commands in-process.
 */
import { Command, CommanderError } from 'commander';
import { ConfigError } from '#server/config';
import { HttpError } from '#server/errors';
import { addBackupCommands } from './commands/backup';
import { addDoctorCommand } from './commands/doctor';
import { addMessagesClearCommand } from './commands/messages-clear';
import { addMusicCommands } from './commands/music';
import { addServeCommand } from './commands/serve';
import { addSessionsClearCommand } from './commands/sessions-clear';
import { addUserAddCommand } from './commands/user-add';
import { addUserDeleteCommand } from './commands/user-delete';
import { addUserListCommand } from './commands/user-list';
import { addUserSetPasswordCommand } from './commands/user-set-password';
import { addUserStateCommands } from './commands/user-state';
import { addClientCommands } from './client/commands';
import { CliError, type CliIo } from './io';

/** Builds the command tree writing to `io`; errors throw instead of exiting the process. */
export function buildProgram(io: CliIo): Command {
  const program = new Command('hearth')
    .description('Hearth: a private chat hub for your household')
    // Set before adding subcommands: they copy these settings when created.
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) });

  addServeCommand(program, io);
  const user = program.command('user').description('Manage accounts');
  addUserAddCommand(user, io);
  addUserListCommand(user, io);
  addUserSetPasswordCommand(user, io);
  addUserStateCommands(user, io);
  addUserDeleteCommand(user, io);
  const sessions = program.command('sessions').description('Sign accounts out');
  addSessionsClearCommand(sessions, io);
  const messages = program.command('messages').description("Delete members' AI-chat history");
  addMessagesClearCommand(messages, io);
  addBackupCommands(program, io);
  addDoctorCommand(program, io);
  addClientCommands(program, io);
  addMusicCommands(program, io);
  return program;
}

/** Runs `argv` (without node and script) and returns the exit code; errors are printed, not thrown. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  try {
    await buildProgram(io).parseAsync(argv, { from: 'user' });
    return 0;
  } catch (err) {
    // Commander has already printed its own message (unknown option, missing argument, help).
    if (err instanceof CommanderError) return err.exitCode;
    if (err instanceof CliError || err instanceof HttpError || err instanceof ConfigError) {
      // An empty message: the command has said everything already (hearth doctor's findings).
      if (err.message !== '') io.stderr.write(`hearth: ${err.message}\n`);
      return err instanceof CliError ? err.exitCode : 1;
    }
    io.stderr.write(`hearth: unexpected error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    return 1;
  }
}
