/** `hearth user set-password <username> [--password-stdin]`: a new password; sessions end. */
import type { Command } from 'commander';
import { findUserByUsername, setPassword } from '#server/accounts/service';
import { endUserSessions } from '#server/auth/sessions';
import { withDatabase } from '#cli/database';
import { CliError, say, type CliIo } from '#cli/io';
import { readNewPassword } from '#cli/password-input';

export function addUserSetPasswordCommand(user: Command, io: CliIo): void {
  user
    .command('set-password <username>')
    .description("Set an account's password; the account is signed out everywhere")
    .option('--password-stdin', 'read the password from standard input')
    .action(async (username: string, options: { passwordStdin?: boolean }) => {
      await withDatabase(io.env, async (deps) => {
        const account = await findUserByUsername(deps, username);
        if (!account) throw new CliError(`There is no account "${username.trim().toLowerCase()}".`);
        const password = await readNewPassword(io, { fromStdin: options.passwordStdin === true });
        await setPassword(deps, account.id, password);
        const ended = await endUserSessions(deps, account.id);
        say(io.stdout, `Password changed for "${account.username}"; ${ended} session(s) signed out.`);
      });
    });
}
