/**
 * `hearth messages clear --user <username> [--before <date>] [--yes] [--json]`: deletes a
 * member's AI-chat conversations (all, or those last active before a date), after saying how
 * many will go and asking. Through the running server when there is one, so replies still
 * running in those conversations stop and the member's open tabs drop them at once.
 */
import type { Command } from 'commander';
import { confirm, count } from '#cli/confirm';
import { CliError, type CliIo } from '#cli/io';
import { operate } from '#cli/operator';
import { JSON_OPTION, print } from '#cli/output';

type Options = { user: string; before?: string; yes?: boolean; json?: boolean };

/**
 * A cut-off typed by the operator: `YYYY-MM-DD` is the start of that day on this machine's clock;
 * anything else must be a full date and time (`2026-03-01T18:00`, `2026-03-01T18:00:00Z`).
 * @throws CliError (exit code 2) for anything else
 */
export function parseCutoff(text: string): Date {
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  const date = day
    ? new Date(Number(day[1]), Number(day[2]) - 1, Number(day[3]))
    : /^\d{4}-\d{2}-\d{2}T/.test(text.trim())
      ? new Date(text.trim())
      : new Date(NaN);
  if (Number.isNaN(date.getTime()) || (day && date.getDate() !== Number(day[3]))) {
    throw new CliError(`"${text}" is not a date. Write it as YYYY-MM-DD, for example 2026-01-31.`, 2);
  }
  return date;
}

export function addMessagesClearCommand(messages: Command, io: CliIo): void {
  messages
    .command('clear')
    .description(
      "Delete a member's AI-chat conversations with all their messages (asks first). With --before, only " +
        'conversations last active before that date; one active since is kept whole.',
    )
    .requiredOption('--user <username>', 'whose conversations')
    .option('--before <date>', 'only conversations last active before this date (YYYY-MM-DD, this machine’s time)')
    .option('--yes', 'do not ask for confirmation')
    .option(...JSON_OPTION)
    .action(async (options: Options) => {
      const cutoff = options.before !== undefined ? parseCutoff(options.before) : undefined;
      const args = { username: options.user, ...(cutoff ? { before: cutoff.toISOString() } : {}) };
      const when = cutoff ? ` last active before ${cutoff.toLocaleString()}` : '';
      // Also the check that the account exists, before anyone is asked anything.
      const planned = await operate(io, 'messages.count', args);
      const what = (c: { conversations: number; messages: number }) =>
        `${count(c.conversations, 'conversation')} (${count(c.messages, 'message')})`;
      if (planned.conversations === 0) {
        print(io, options.json, planned, (p) => `${p.username} has no conversations${when}: nothing to delete.`);
        return;
      }
      if (options.yes !== true) {
        await confirm(
          io,
          `Delete ${planned.username}'s ${what(planned)}${when}? This cannot be undone.`,
          `Add --yes to delete them without being asked.`,
        );
      }
      const cleared = await operate(io, 'messages.clear', args);
      print(io, options.json, cleared, (c) => `Deleted ${c.username}'s ${what(c)}${when}.`);
    });
}
