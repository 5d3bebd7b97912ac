/**
 * The terminal client's commands on a commander program: `login`, `logout`, `chat`, `ask`.
 * Each loads its module when run, so one command never pays for another's imports.
 */
import type { Command } from 'commander';
import type { CliIo } from '../io';

/** Adds the client commands to `program`. */
export function addClientCommands(program: Command, io: CliIo): void {
  program
    .command('login')
    .description('Sign in to a Hearth server from this terminal (saves a personal API token)')
    .option(
      '--server <url>',
      'the Hearth server, e.g. http://hearth.local:8000 (default: HEARTH_SERVER, the last one, or http://localhost:8000)',
    )
    .option('--username <name>', 'sign in as this user instead of being asked')
    .option('--password-stdin', 'read the password from piped input')
    .action(async (opts: { server?: string; username?: string; passwordStdin?: boolean }) => {
      const { login } = await import('./login');
      await login(io, opts);
    });

  program
    .command('logout')
    .description('Sign this terminal out: the token is revoked on the server and deleted here')
    .action(async () => {
      const { logout } = await import('./login');
      await logout(io);
    });

  program
    .command('chat')
    .description('Chat with the assistant in this terminal (continues your last conversation)')
    .option('--new', 'start a new conversation')
    .action(async (opts: { new?: boolean }) => {
      const { runChat } = await import('./repl');
      await runChat(io, { fresh: opts.new === true });
    });

  program
    .command('ask')
    .description('Ask one question; prints only the answer (for scripts)')
    .argument('[question...]', 'the question (default: read from stdin)')
    .option('--json', 'print the final message as JSON')
    .option('--model <id>', 'the model to ask')
    .option('--task <id>', 'the task (assistant) to ask')
    .addHelpText(
      'after',
      '\nExit codes: 0 answered, 1 other failure (Hearth unreachable…), 2 bad usage, 3 not signed in,\n' +
        '4 model server unavailable, 5 refused for now (rate limit, daily budget, quiet hours).',
    )
    .action(async (words: string[], opts: { json?: boolean; model?: string; task?: string }) => {
      const { ask } = await import('./ask');
      await ask(io, words, opts);
    });
}
