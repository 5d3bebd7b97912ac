/**
 * The admin socket's protocol: how `hearth user …` and `hearth sessions clear` ask a running
 * server to make a change. One connection carries one request line and one response line, both
 * JSON. Each command is a name → { args, result } pair (in the style of the WebSocket protocol),
 * checked with zod on both ends. Failures come back as one plain sentence to print.
 */
import path from 'node:path';
import { z } from 'zod';
import { Role } from '#common/auth';
import { UserDataSummary } from '#common/admin';
import { MusicCounts } from '#common/music';
import type { Config } from '#server/config';

/** The socket's file in the data dir. */
export const adminSocketPath = (config: Pick<Config, 'dataDir'>) => path.join(config.dataDir, 'admin.sock');

/** Longest line either side accepts: a request carries at most a username and a password. */
export const MAX_LINE_BYTES = 64 * 1024;

/** An account as the operator commands show it. */
export const OperatorUser = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: Role,
  supervised: z.boolean(),
  disabled: z.boolean(),
});
export type OperatorUser = z.infer<typeof OperatorUser>;

/** Usernames are looked up as typed; the accounts service lower-cases them. */
const Named = z.object({ username: z.string().min(1).max(64) });
/** The result of a change that may have been a no-op (disable a disabled user). */
const Changed = z.object({ user: OperatorUser, changed: z.boolean() });

/** Which of a user's conversations `messages.*` means: all, or those last active before a time. */
const Clearing = Named.extend({ before: z.iso.datetime({ offset: true }).optional() });
/** How many conversations and messages a clear takes (or took). */
const Cleared = z.object({ username: z.string(), conversations: z.number().int(), messages: z.number().int() });

/** Every command: its arguments and its result. */
export const adminCommands = {
  'user.find': { args: Named, result: z.object({ user: OperatorUser.nullable() }) },
  'user.list': { args: z.object({}), result: z.object({ users: z.array(OperatorUser) }) },
  'user.add': {
    args: z.object({
      username: z.string().max(64),
      password: z.string().max(1024),
      displayName: z.string().max(200).optional(),
      role: Role,
      supervised: z.boolean(),
    }),
    result: z.object({ user: OperatorUser }),
  },
  'user.disable': { args: Named, result: Changed },
  'user.enable': { args: Named, result: Changed },
  'user.promote': { args: Named, result: Changed },
  'user.demote': { args: Named, result: Changed },
  'user.set-password': {
    args: Named.extend({ password: z.string().max(1024) }),
    result: z.object({ user: OperatorUser, sessionsEnded: z.number().int() }),
  },
  'user.summary': { args: Named, result: UserDataSummary },
  'user.delete': { args: Named, result: z.object({ username: z.string() }) },
  'sessions.clear': {
    args: z.object({ username: z.string().min(1).max(64).optional() }),
    result: z.object({ sessionsEnded: z.number().int(), users: z.number().int() }),
  },
  'messages.count': { args: Clearing, result: Cleared },
  'messages.clear': { args: Clearing, result: Cleared },
  'music.import': { args: z.object({ file: z.string().min(1).max(4096) }), result: MusicCounts },
} as const;

export type AdminCommand = keyof typeof adminCommands;
export type AdminArgs<C extends AdminCommand> = z.infer<(typeof adminCommands)[C]['args']>;
export type AdminResult<C extends AdminCommand> = z.infer<(typeof adminCommands)[C]['result']>;

/** A request line. `args` is checked against the command's own schema once the name is known. */
export const AdminRequest = z.object({ command: z.string().max(64), args: z.unknown() });
export type AdminRequest = z.infer<typeof AdminRequest>;

/** A response line: the result, or a sentence saying why nothing (or not everything) was done. */
export const AdminResponse = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), result: z.unknown() }),
  z.object({ ok: z.literal(false), error: z.string() }),
]);
export type AdminResponse = z.infer<typeof AdminResponse>;

/** Whether `name` is a command this version knows. */
export const isAdminCommand = (name: string): name is AdminCommand => Object.hasOwn(adminCommands, name);
