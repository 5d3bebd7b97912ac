/** `hearth user disable|enable|promote|demote <username>`: one change to an account's state. */
import type { Command } from 'commander';
import type { CliIo } from '#cli/io';
import { JSON_OPTION, print } from '#cli/output';
import { operate } from '#cli/operator';

type StateCommand = {
  name: 'disable' | 'enable' | 'promote' | 'demote';
  description: string;
  /** What to print when it changed, and when it already was so. */
  done: (username: string) => string;
  already: (username: string) => string;
};

const commands: StateCommand[] = [
  {
    name: 'disable',
    description: 'Stop an account from signing in; it is signed out everywhere and its replies stop',
    done: (u) => `${u} is disabled; they were signed out everywhere.`,
    already: (u) => `${u} was already disabled.`,
  },
  {
    name: 'enable',
    description: 'Let a disabled account sign in again',
    done: (u) => `${u} is enabled again; they can sign in.`,
    already: (u) => `${u} was not disabled.`,
  },
  {
    name: 'promote',
    description: 'Make an account an admin',
    done: (u) => `${u} is now an admin.`,
    already: (u) => `${u} is already an admin.`,
  },
  {
    name: 'demote',
    description: "Take an account's admin powers (the last admin keeps them)",
    done: (u) => `${u} is now a member, no longer an admin.`,
    already: (u) => `${u} is not an admin.`,
  },
];

export function addUserStateCommands(user: Command, io: CliIo): void {
  for (const c of commands) {
    user
      .command(`${c.name} <username>`)
      .description(c.description)
      .option(...JSON_OPTION)
      .action(async (username: string, options: { json?: boolean }) => {
        const result = await operate(io, `user.${c.name}`, { username });
        print(io, options.json, result, ({ user: account, changed }) =>
          changed ? c.done(account.username) : c.already(account.username),
        );
      });
  }
}
