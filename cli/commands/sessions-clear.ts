/** `hearth sessions clear [--user <username>]`: sign one account, or everyone, out everywhere. */
import type { Command } from 'commander';
import { count } from '#cli/confirm';
import { say, type CliIo } from '#cli/io';
import { operate } from '#cli/operator';

export function addSessionsClearCommand(sessions: Command, io: CliIo): void {
  sessions
    .command('clear')
    .description('Sign everyone (or one account) out of every browser and device; their open pages close')
    .option('--user <username>', 'only this account')
    .action(async (options: { user?: string }) => {
      const { sessionsEnded, users } = await operate(
        io,
        'sessions.clear',
        options.user !== undefined ? { username: options.user } : {},
      );
      if (options.user !== undefined) {
        say(
          io.stdout,
          `${options.user.trim().toLowerCase()} is signed out everywhere (${count(sessionsEnded, 'session')} ended).`,
        );
      } else {
        say(
          io.stdout,
          `Everyone is signed out (${count(sessionsEnded, 'session')} of ${count(users, 'account')} ended).`,
        );
      }
    });
}
