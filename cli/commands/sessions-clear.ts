/** `hearth sessions clear [--user <username>]`: sign one account, or everyone, out everywhere. */
import type { Command } from 'commander';
import { count } from '#cli/confirm';
import type { CliIo } from '#cli/io';
import { JSON_OPTION, print } from '#cli/output';
import { operate } from '#cli/operator';

export function addSessionsClearCommand(sessions: Command, io: CliIo): void {
  sessions
    .command('clear')
    .description('Sign everyone (or one account) out of every browser and device; their open pages close')
    .option('--user <username>', 'only this account')
    .option(...JSON_OPTION)
    .action(async (options: { user?: string; json?: boolean }) => {
      const result = await operate(io, 'sessions.clear', options.user !== undefined ? { username: options.user } : {});
      print(io, options.json, result, ({ sessionsEnded, users }) =>
        options.user !== undefined
          ? `${options.user.trim().toLowerCase()} is signed out everywhere (${count(sessionsEnded, 'session')} ended).`
          : `Everyone is signed out (${count(sessionsEnded, 'session')} of ${count(users, 'account')} ended).`,
      );
    });
}
