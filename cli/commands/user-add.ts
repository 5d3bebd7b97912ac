/** `hearth user add <username> [--admin] [--display-name <n>] [--supervised] [--password-stdin]`. */
import type { Command } from 'commander';
import { CliError, type CliIo } from '#cli/io';
import { JSON_OPTION, print } from '#cli/output';
import { operate } from '#cli/operator';
import { readNewPassword } from '#cli/password-input';

type Options = { json?: boolean; admin?: boolean; displayName?: string; supervised?: boolean; passwordStdin?: boolean };

export function addUserAddCommand(user: Command, io: CliIo): void {
  user
    .command('add <username>')
    .description('Create an account (the password is asked for, or read with --password-stdin)')
    .option('--admin', 'make an admin (the first admin is made this way or with the setup link)')
    .option('--display-name <name>', 'the name others see (default: the username)')
    .option('--supervised', 'a child account under parental controls')
    .option('--password-stdin', 'read the password from standard input')
    .option(...JSON_OPTION)
    .action(async (username: string, options: Options) => {
      // Before the password prompt: nobody should type a password twice for nothing.
      if ((await operate(io, 'user.find', { username })).user) {
        throw new CliError(`The username "${username.trim().toLowerCase()}" is taken.`);
      }
      const password = await readNewPassword(io, { fromStdin: options.passwordStdin === true });
      const result = await operate(io, 'user.add', {
        username,
        password,
        ...(options.displayName !== undefined ? { displayName: options.displayName } : {}),
        role: options.admin ? 'admin' : 'member',
        supervised: options.supervised === true,
      });
      print(io, options.json, result, ({ user: created }) => {
        const kind = [created.supervised ? 'supervised' : '', created.role === 'admin' ? 'admin' : 'member']
          .filter(Boolean)
          .join(' ');
        return `Created ${kind} "${created.username}" (${created.displayName}).`;
      });
    });
}
