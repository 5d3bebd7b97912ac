/**
 * Names no account may take as its username: `assistant` and every task id, because in people
 * chat `@assistant` and `@<task id>` (e.g. `@music`) call the assistant into the room. A member
 * called "music" would make `@music` mean two things at once.
 */
import type { AppContext } from '#server/context';
import { conflict } from '#server/errors';
import { getTask, isBuiltInTask } from '#server/tasks/registry';

/** The mention that calls the assistant with the room's default task. */
export const ASSISTANT_MENTION = 'assistant';

/** Whether `username` (already lower case) is reserved for the assistant or a task. */
export async function isReservedUsername(ctx: Pick<AppContext, 'db'>, username: string): Promise<boolean> {
  const name = username.toLowerCase();
  if (name === ASSISTANT_MENTION || isBuiltInTask(name)) return true;
  return (await getTask(ctx, name)) !== null;
}

/** @throws 409 naming `username` when the name is reserved */
export async function requireUnreservedUsername(ctx: Pick<AppContext, 'db'>, username: string): Promise<void> {
  if (await isReservedUsername(ctx, username)) {
    throw conflict(
      `The username "${username}" is reserved: in people chat, @${username} calls the assistant. Choose another one.`,
      'username',
    );
  }
}
