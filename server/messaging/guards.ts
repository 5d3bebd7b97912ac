/** The guard of every people-chat route: signed in, and people chat on for the caller. */
import type { FastifyRequest } from 'fastify';
import type { User } from '#common/auth';
import type { AppContext } from '#server/context';
import { requireUser } from '#server/auth/guards';
import { requirePeopleChat } from './access';

/** The signed-in caller, or 401; 403 `people_chat_off` when an admin turned it off for them. */
export async function requireChatter(ctx: Pick<AppContext, 'db'>, request: FastifyRequest): Promise<User> {
  const user = requireUser(request);
  await requirePeopleChat(ctx, user);
  return user;
}
