/** `hearth user delete <username> [--yes]`: an account and everything it owns, after asking. */
import type { Command } from 'commander';
import { confirm, count } from '#cli/confirm';
import type { CliIo } from '#cli/io';
import { JSON_OPTION, print } from '#cli/output';
import { operate } from '#cli/operator';

export function addUserDeleteCommand(user: Command, io: CliIo): void {
  user
    .command('delete <username>')
    .description('Delete an account with its conversations, tokens and sessions (asks first)')
    .option('--yes', 'do not ask for confirmation')
    .option(...JSON_OPTION)
    .action(async (username: string, options: { yes?: boolean; json?: boolean }) => {
      // Also the check that the account exists, before anyone is asked anything.
      const summary = await operate(io, 'user.summary', { username });
      if (options.yes !== true) {
        const what = [
          `${count(summary.conversations, 'conversation')} (${count(summary.messages, 'message')})`,
          count(summary.apiTokens, 'API token'),
          count(summary.sessions, 'session'),
        ].join(', ');
        await confirm(
          io,
          `Delete ${summary.username} and everything they own: ${what}? This cannot be undone.`,
          `Add --yes to delete ${summary.username} without being asked.`,
        );
      }
      const { username: deleted } = await operate(io, 'user.delete', { username: summary.username });
      print(
        io,
        options.json,
        { ...summary, username: deleted, deleted: true },
        () => `${deleted} is deleted, with everything they owned.`,
      );
    });
}
