/** `hearth user set-password <username> [--password-stdin]`: a new password; sessions end. */
import type { Command } from 'commander';
import { CliError, type CliIo } from '#cli/io';
import { JSON_OPTION, print } from '#cli/output';
import { operate } from '#cli/operator';
import { readNewPassword } from '#cli/password-input';

export function addUserSetPasswordCommand(user: Command, io: CliIo): void {
  user
    .command('set-password <username>')
    .description("Set an account's password; the account is signed out everywhere")
    .option('--password-stdin', 'read the password from standard input')
    .option(...JSON_OPTION)
    .action(async (username: string, options: { passwordStdin?: boolean; json?: boolean }) => {
      // Before the prompt, as for add: no password typed for an account that does not exist.
      const { user: account } = await operate(io, 'user.find', { username });
      if (!account) throw new CliError(`There is no user called ${username.trim().toLowerCase()}.`);
      const password = await readNewPassword(io, { fromStdin: options.passwordStdin === true });
      const result = await operate(io, 'user.set-password', { username: account.username, password });
      print(
        io,
        options.json,
        result,
        ({ sessionsEnded }) => `Password changed for "${account.username}"; ${sessionsEnded} session(s) signed out.`,
      );
    });
}
