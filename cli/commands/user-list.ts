/** `hearth user list`: every account as a table. */
import type { Command } from 'commander';
import type { CliIo } from '#cli/io';
import { JSON_OPTION, print } from '#cli/output';
import { operate } from '#cli/operator';

/** Left-aligned columns separated by two spaces. */
export function formatTable(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)];
}

export function addUserListCommand(user: Command, io: CliIo): void {
  user
    .command('list')
    .description('List accounts')
    .option(...JSON_OPTION)
    .action(async (options: { json?: boolean }) => {
      const result = await operate(io, 'user.list', {});
      print(io, options.json, result, ({ users }) => {
        if (users.length === 0)
          return 'No accounts yet. Create the first admin with: hearth user add <username> --admin';
        const yesNo = (b: boolean) => (b ? 'yes' : 'no');
        const rows = users.map((u) => [u.username, u.displayName, u.role, yesNo(u.supervised), yesNo(u.disabled)]);
        return formatTable(['USERNAME', 'DISPLAY NAME', 'ROLE', 'SUPERVISED', 'DISABLED'], rows);
      });
    });
}
