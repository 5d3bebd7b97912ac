/**
 * What the operator commands do, on whichever process runs them: the running server (asked
 * through its admin socket) or the `hearth` command itself when no server runs. Either way they
 * call the admin console's own functions, so the same rules (the last admin stays, passwords
 * are checked), audit entries and cut-offs (sockets closed, replies stopped) apply.
 */
import path from 'node:path';
import { COMMAND_LINE_ACTOR_ID, type AdminUser } from '#common/admin';
import type { AppContext } from '#server/context';
import { findUserByUsername, listUsers, type Account } from '#server/accounts/service';
import {
  createAdminUser,
  deleteAdminUser,
  updateAdminUser,
  userSummary,
  type Actor,
} from '#server/accounts/admin-users';
import { endUserSessions, listSessions } from '#server/auth/sessions';
import { HttpError } from '#server/errors';
import { clearConversations, countConversationsToClear } from '#server/conversations/clear';
import { checkChinookFile } from '#server/tasks/music/import-file';
import { audit } from '#server/safety/audit';
import {
  AdminRequest,
  adminCommands,
  isAdminCommand,
  type AdminArgs,
  type AdminCommand,
  type AdminResponse,
  type AdminResult,
  type OperatorUser,
} from './admin-protocol';

/** Who the audit log names for these commands: the server machine's operator, no account. */
export const commandLineActor: Actor = { actorId: COMMAND_LINE_ACTOR_ID, ip: 'local' };

/** A refusal worded for the operator, printed as it is. */
class Refused extends Error {}

const toOperatorUser = (u: Account | AdminUser): OperatorUser => ({
  id: u.id,
  username: u.username,
  displayName: u.displayName,
  role: u.role,
  supervised: u.supervised,
  disabled: u.disabled,
});

/** The account called `username`. @throws Refused naming it */
async function named(ctx: AppContext, username: string): Promise<Account> {
  const account = await findUserByUsername(ctx, username);
  if (!account) throw new Refused(`There is no user called ${username.trim().toLowerCase()}.`);
  return account;
}

/** A change through the admin console's edit; `patch` returns null when there is nothing to do. */
const change =
  (patch: (account: Account) => { disabled: boolean } | { role: 'admin' | 'member' } | null) =>
  async (ctx: AppContext, { username }: { username: string }) => {
    const before = await named(ctx, username);
    const body = patch(before);
    if (!body) return { user: toOperatorUser(before), changed: false };
    return { user: toOperatorUser(await updateAdminUser(ctx, commandLineActor, before.id, body)), changed: true };
  };

type Handlers = { [C in AdminCommand]: (ctx: AppContext, args: AdminArgs<C>) => Promise<AdminResult<C>> };

const handlers: Handlers = {
  'user.find': async (ctx, { username }) => {
    const account = await findUserByUsername(ctx, username);
    return { user: account ? toOperatorUser(account) : null };
  },
  'user.list': async (ctx) => ({ users: (await listUsers(ctx)).map(toOperatorUser) }),
  'user.add': async (ctx, args) => ({ user: toOperatorUser(await createAdminUser(ctx, commandLineActor, args)) }),
  'user.disable': change((a) => (a.disabled ? null : { disabled: true })),
  'user.enable': change((a) => (a.disabled ? { disabled: false } : null)),
  'user.promote': change((a) => (a.role === 'admin' ? null : { role: 'admin' })),
  'user.demote': change((a) => (a.role === 'member' ? null : { role: 'member' })),
  'user.set-password': async (ctx, { username, password }) => {
    const account = await named(ctx, username);
    // Counted before: the edit ends them and says only that it did.
    const sessionsEnded = (await listSessions(ctx, account.id, null)).length;
    const user = await updateAdminUser(ctx, commandLineActor, account.id, { password });
    return { user: toOperatorUser(user), sessionsEnded };
  },
  'user.summary': async (ctx, { username }) => userSummary(ctx, (await named(ctx, username)).id),
  'user.delete': async (ctx, { username }) => {
    const account = await named(ctx, username);
    await deleteAdminUser(ctx, commandLineActor, account.id);
    return { username: account.username };
  },
  'sessions.clear': async (ctx, { username }) => {
    const accounts = username !== undefined ? [await named(ctx, username)] : await listUsers(ctx);
    let sessionsEnded = 0;
    let users = 0;
    for (const account of accounts) {
      // `session.ended` goes on the bus: the sockets opened with those sessions close.
      const ended = await endUserSessions(ctx, account.id);
      sessionsEnded += ended;
      if (ended > 0) users += 1;
      if (ended > 0 || username !== undefined) {
        await audit(ctx, {
          ...commandLineActor,
          action: 'user.signed_out',
          target: account.id,
          detail: { username: account.username, sessions: ended },
        });
      }
    }
    return { sessionsEnded, users };
  },
  'messages.count': async (ctx, { username, before }) => {
    const account = await named(ctx, username);
    return { username: account.username, ...(await countConversationsToClear(ctx, account.id, before)) };
  },
  'messages.clear': async (ctx, { username, before }) => {
    const account = await named(ctx, username);
    const cleared = await clearConversations(ctx, account.id, before);
    await audit(ctx, {
      ...commandLineActor,
      action: 'user.messages_cleared',
      target: account.id,
      detail: { username: account.username, before: before ?? null, ...cleared },
    });
    return { username: account.username, ...cleared };
  },
  'music.import': async (ctx, { file }) => {
    if (!path.isAbsolute(file)) throw new Refused('Give the Chinook file as a full path.');
    checkChinookFile(file);
    const counts = ctx.music.importChinook(file);
    await audit(ctx, { ...commandLineActor, action: 'music.imported', target: 'music', detail: counts });
    return counts;
  },
};

const fieldNames: Record<string, string> = { displayName: 'display name' };

/**
 * An error as one sentence for the operator, or null when it is not one to show (a bug).
 * Field errors ("password: is one of the 10,000 most common passwords") read as "The password …".
 */
export function plainSentence(err: unknown): string | null {
  if (err instanceof Refused) return err.message;
  if (!(err instanceof HttpError)) return null;
  const [, field, rest] = /^(\w+): (.+?)\.?$/.exec(err.message) ?? [];
  if (field !== undefined && field === err.field) return `The ${fieldNames[field] ?? field} ${rest}.`;
  return err.message;
}

/** Runs one request (already parsed from JSON) and answers it; never throws. */
export async function runAdminCommand(ctx: AppContext, raw: unknown): Promise<AdminResponse> {
  const request = AdminRequest.safeParse(raw);
  if (!request.success) return { ok: false, error: 'The request was not understood.' };
  const { command } = request.data;
  if (!isAdminCommand(command)) {
    return {
      ok: false,
      error: `This Hearth server does not know "${command}": it is older than the hearth command. Restart it.`,
    };
  }
  const args = adminCommands[command].args.safeParse(request.data.args ?? {});
  if (!args.success) {
    const issue = args.error.issues[0];
    return {
      ok: false,
      error: `The request for "${command}" was malformed (${issue?.path.join('.') || 'args'}: ${issue?.message ?? 'invalid'}).`,
    };
  }
  try {
    const run = handlers[command] as (ctx: AppContext, args: unknown) => Promise<unknown>;
    return { ok: true, result: await run(ctx, args.data) };
  } catch (err) {
    const sentence = plainSentence(err);
    if (sentence !== null) return { ok: false, error: sentence };
    ctx.log.error({ err, command }, 'an operator command failed');
    return { ok: false, error: 'Something went wrong; the server log says what.' };
  }
}
