/**
 * Accounts: users, their passwords, roles and settings. Other features (auth, admin, the CLI)
 * call these functions; only ./store touches the users table. Functions take just the part of
 * the AppContext they need, so the CLI can call them with a bare database.
 */
import { UserSettings, Password, Username, type Role, type SettingsPatch, type User } from '#common/auth';
import type { z } from 'zod';
import type { AppContext } from '#server/context';
import { newId } from '#server/db/ids';
import { nowIso } from '#server/db/database';
import type { UserRow, UserUpdate } from '#server/db/schema';
import { conflict, notFound } from '#server/errors';
import { assertNotCommonPassword } from '#server/security/common-passwords';
import { fieldError, ruleOf } from '#server/security/field-words';
import { hashPassword, verifyAgainstDummy, verifyPassword } from './passwords';
import { requireUnreservedUsername } from './reserved-names';
import * as store from './store';

/** What the accounts service needs: the database. An AppContext fits. */
export type AccountsDeps = Pick<AppContext, 'db'>;
/** What a change others must hear of needs: the database and the bus its domain event goes on. */
export type AccountChangeDeps = Pick<AppContext, 'db' | 'bus'>;

/** A user as an admin (or the CLI) sees them: the client's User plus account state. */
export type Account = User & { disabled: boolean; createdAt: string; updatedAt: string };

/** Input of createUser; username and password are validated here, whoever the caller is. */
export type NewUserInput = {
  username: string;
  password: string;
  displayName?: string | undefined;
  role?: Role | undefined;
  supervised?: boolean | undefined;
};

/** Parses with a common/ schema; a failure is a 400 naming `field`. */
function parseField<T>(schema: z.ZodType<T>, value: unknown, field: string): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw fieldError(field, issue?.message ?? 'is invalid', issue ? ruleOf(issue) : null);
}

/** Settings JSON → UserSettings with defaults; a damaged value falls back to the defaults. */
function parseSettings(json: string): UserSettings {
  let raw: unknown = {};
  try {
    raw = JSON.parse(json);
  } catch {
    // Settings are preferences: losing a damaged value beats refusing to sign in.
  }
  const parsed = UserSettings.safeParse(raw);
  return parsed.success ? parsed.data : UserSettings.parse({});
}

/** A users row → the client's User. */
export function toUser(row: UserRow): User {
  return {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    role: row.role,
    supervised: row.supervised === 1,
    settings: parseSettings(row.settings),
  };
}

/** A users row → Account (User plus disabled and times). */
export function toAccount(row: UserRow): Account {
  return { ...toUser(row), disabled: row.disabled === 1, createdAt: row.createdAt, updatedAt: row.updatedAt };
}

const isUniqueViolation = (err: unknown) =>
  err instanceof Error && 'code' in err && (err.code === 'SQLITE_CONSTRAINT_UNIQUE' || err.code === '23505');

/**
 * Creates a user. Username is normalised to lower case.
 * @throws 400 naming `username`/`password`/`displayName`, 409 naming `username` when taken or
 *   reserved (`assistant` and task ids: they are `@mentions` of the assistant in people chat)
 */
export async function createUser(ctx: AccountsDeps, input: NewUserInput): Promise<User> {
  const username = parseField(Username, input.username, 'username');
  const password = parseField(Password, input.password, 'password');
  assertNotCommonPassword(password, 'password');
  const displayName = input.displayName?.trim() || username;
  if (displayName.length > 64)
    throw fieldError('displayName', 'must be at most 64 characters', { rule: 'too_long', limit: 64 });
  if (await store.findUserRowByUsername(ctx.db, username)) throw usernameTaken(username);
  await requireUnreservedUsername(ctx, username);
  const now = nowIso();
  const row: UserRow = {
    id: newId(),
    username,
    displayName,
    passwordHash: await hashPassword(password),
    role: input.role ?? 'member',
    supervised: input.supervised ? 1 : 0,
    disabled: 0,
    settings: JSON.stringify(UserSettings.parse({})),
    createdAt: now,
    updatedAt: now,
  };
  try {
    await store.insertUser(ctx.db, row);
  } catch (err) {
    // Two creations racing for one name: the unique index decides.
    if (isUniqueViolation(err)) throw usernameTaken(username);
    throw err;
  }
  return toUser(row);
}

const usernameTaken = (username: string) => conflict(`The username "${username}" is taken.`, 'username');

/** The account with that username (any case), or null. */
export async function findUserByUsername(ctx: AccountsDeps, username: string): Promise<Account | null> {
  const row = await store.findUserRowByUsername(ctx.db, username.trim().toLowerCase());
  return row ? toAccount(row) : null;
}

/** The account with that id, or null. */
export async function getUser(ctx: AccountsDeps, id: string): Promise<Account | null> {
  const row = await store.findUserRow(ctx.db, id);
  return row ? toAccount(row) : null;
}

/** The user with that id if they exist and are not disabled (who may use a session), else null. */
export async function getActiveUser(ctx: AccountsDeps, id: string): Promise<User | null> {
  const row = await store.findUserRow(ctx.db, id);
  return row && row.disabled === 0 ? toUser(row) : null;
}

/** Every account, oldest first. */
export async function listUsers(ctx: AccountsDeps): Promise<Account[]> {
  return (await store.listUserRows(ctx.db)).map(toAccount);
}

/** Whether any user exists (the setup link is offered only when none does). */
export async function hasUsers(ctx: AccountsDeps): Promise<boolean> {
  return (await store.countUserRows(ctx.db)) > 0;
}

/** What a password sign-in found. */
export type CredentialCheck =
  | { ok: true; user: User }
  /**
   * `paused`: the right password for a disabled account — only someone who knows the password
   * learns that it is paused. `wrong`: unknown user, no password or a wrong one, alike.
   */
  | { ok: false; reason: 'paused' | 'wrong'; userId: string | null };

/**
 * Checks a sign-in. Unknown users cost one dummy verification, so timing does not reveal
 * usernames; a disabled account is checked like any other, so its wrong-password answer is the
 * same as an unknown user's, and only the right password hears that it is paused.
 */
export async function verifyCredentials(
  ctx: AccountsDeps,
  username: string,
  password: string,
): Promise<CredentialCheck> {
  const row = await store.findUserRowByUsername(ctx.db, username.trim().toLowerCase());
  if (!row?.passwordHash) {
    await verifyAgainstDummy(password);
    return { ok: false, reason: 'wrong', userId: row?.id ?? null };
  }
  if (!(await verifyPassword(row.passwordHash, password))) return { ok: false, reason: 'wrong', userId: row.id };
  if (row.disabled !== 0) return { ok: false, reason: 'paused', userId: row.id };
  return { ok: true, user: toUser(row) };
}

/** Whether `password` is the user's current password. */
export async function checkPassword(ctx: AccountsDeps, userId: string, password: string): Promise<boolean> {
  const row = await store.findUserRow(ctx.db, userId);
  if (!row?.passwordHash) return verifyAgainstDummy(password);
  return verifyPassword(row.passwordHash, password);
}

/**
 * Sets a new password (validated: 8–128 characters, not one of the 10,000 most common). Ending the user's sessions is the
 * caller's decision (auth's endUserSessions).
 * @throws 400 naming `password`, 404 for an unknown user
 */
export async function setPassword(
  ctx: AccountsDeps,
  userId: string,
  password: string,
  field = 'password',
): Promise<void> {
  const valid = parseField(Password, password, field);
  assertNotCommonPassword(valid, field);
  const updated = await store.updateUserRow(ctx.db, userId, {
    passwordHash: await hashPassword(valid),
    updatedAt: nowIso(),
  });
  if (!updated) throw notFound('That user');
}

/** Applies a settings patch (display name, theme, default model) and returns the user. */
export async function updateSettings(ctx: AccountsDeps, userId: string, patch: SettingsPatch): Promise<User> {
  const row = await store.findUserRow(ctx.db, userId);
  if (!row) throw notFound('That user');
  const { displayName, ...prefs } = patch;
  const settings: UserSettings = { ...parseSettings(row.settings) };
  if (prefs.theme !== undefined) settings.theme = prefs.theme;
  if (prefs.defaultModel !== undefined) settings.defaultModel = prefs.defaultModel;
  if (prefs.lastConversationId !== undefined) settings.lastConversationId = prefs.lastConversationId;
  if (prefs.customInstructions !== undefined) settings.customInstructions = prefs.customInstructions.trim();
  if (prefs.streamReplies !== undefined) settings.streamReplies = prefs.streamReplies;
  if (prefs.language !== undefined) settings.language = prefs.language;
  const update: UserUpdate = { settings: JSON.stringify(settings), updatedAt: nowIso() };
  if (displayName !== undefined) update.displayName = displayName;
  await store.updateUserRow(ctx.db, userId, update);
  return toUser({ ...row, ...update });
}

/** What an admin may change about an account (passwords go through setPassword). */
export type AccountPatch = { displayName?: string; role?: Role; supervised?: boolean; disabled?: boolean };

/**
 * Changes an account's name, role, supervision or disabled state. The last enabled admin can
 * neither lose the role nor be disabled. Ending a disabled user's sessions is the caller's job
 * (auth's endUserSessions), though a disabled user's sessions stop working at once anyway.
 * Publishes `user.disabled` (what they have running ends, on every process) when the account
 * was disabled now, and `permissions.changed` when the role or supervision changed.
 * @throws 404 unknown user, 409 when it would leave no enabled admin
 */
export async function updateAccount(ctx: AccountChangeDeps, userId: string, patch: AccountPatch): Promise<Account> {
  const row = await store.findUserRow(ctx.db, userId);
  if (!row) throw notFound('That user');
  const losesAdmin = row.role === 'admin' && row.disabled === 0 && (patch.role === 'member' || patch.disabled === true);
  if (losesAdmin && (await store.countActiveAdmins(ctx.db)) <= 1) {
    throw conflict('This is the last admin: make another admin first.', patch.role === 'member' ? 'role' : 'disabled');
  }
  const update: UserUpdate = { updatedAt: nowIso() };
  if (patch.displayName !== undefined) update.displayName = patch.displayName;
  if (patch.role !== undefined) update.role = patch.role;
  if (patch.supervised !== undefined) update.supervised = patch.supervised ? 1 : 0;
  if (patch.disabled !== undefined) update.disabled = patch.disabled ? 1 : 0;
  await store.updateUserRow(ctx.db, userId, update);
  if (row.disabled === 0 && update.disabled === 1) ctx.bus.emit('user.disabled', { userId });
  const roleChanged = update.role !== undefined && update.role !== row.role;
  if (roleChanged || (update.supervised !== undefined && update.supervised !== row.supervised)) {
    ctx.bus.emit('permissions.changed', { userId });
  }
  return toAccount({ ...row, ...update });
}

/**
 * Deletes an account and (by cascade) everything it owns, then publishes `user.deleted`: what
 * they had running stops on every process (its later writes touch rows that are gone, and do
 * nothing). The last enabled admin cannot go.
 * @throws 404 unknown user, 409 last admin
 */
export async function deleteUser(ctx: AccountChangeDeps, userId: string): Promise<void> {
  const row = await store.findUserRow(ctx.db, userId);
  if (!row) throw notFound('That user');
  if (row.role === 'admin' && row.disabled === 0 && (await store.countActiveAdmins(ctx.db)) <= 1) {
    throw conflict('This is the last admin: make another admin first.');
  }
  await store.deleteUserRow(ctx.db, userId);
  ctx.bus.emit('user.deleted', { userId });
}

/**
 * The name a member is told to ask ("ask Mum"): the display name of the longest-standing enabled
 * admin, or null when there is none (a fresh install).
 */
export async function householdAdminName(ctx: AccountsDeps): Promise<string | null> {
  const admins = (await listUsers(ctx)).filter((u) => u.role === 'admin' && !u.disabled);
  admins.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  return admins[0]?.displayName ?? null;
}
