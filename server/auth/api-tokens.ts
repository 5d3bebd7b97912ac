/**
 * Personal API tokens (`hearth_<random>`) for the CLI, scripts and the /v1 gateway. Stored as
 * sha256; the secret is shown once at creation.
 */
import type { ApiTokenInfo, CreatedApiToken, TokenScope, User } from '#common/auth';
import type { AppContext } from '#server/context';
import { getActiveUser } from '#server/accounts/service';
import { newId } from '#server/db/ids';
import { nowIso } from '#server/db/database';
import { forbidden, notFound } from '#server/errors';
import { randomSecret, sha256 } from './secrets';
import * as store from './store';
import { TOUCH_INTERVAL_MS } from './sessions';
import { checkTokenScope } from '#server/safety/family/gate';

type Deps = Pick<AppContext, 'db'>;

/** Every API token starts with this, so a leaked one is recognisable (secret scanners). */
export const API_TOKEN_PREFIX = 'hearth_';

/**
 * Creates a token for `user`; the reply holds the only copy of the secret.
 * @throws 403 when a member asks for an `admin` token; 403 not_allowed_for_supervised for a
 *   token a supervised member's guardians did not allow (`allowTokens`)
 */
export async function createApiToken(
  ctx: Pick<AppContext, 'db' | 'config'>,
  user: Pick<User, 'id' | 'role'> & Partial<Pick<User, 'supervised'>>,
  name: string,
  scope: TokenScope = 'models',
): Promise<CreatedApiToken> {
  if (scope === 'admin' && user.role !== 'admin') throw forbidden('Only an admin can create an admin token.', 'scope');
  await checkTokenScope(ctx, { id: user.id, supervised: user.supervised ?? false }, scope);
  const token = `${API_TOKEN_PREFIX}${randomSecret()}`;
  const id = newId();
  await store.insertApiToken(ctx.db, {
    id,
    userId: user.id,
    name,
    scope,
    tokenHash: sha256(token),
    createdAt: nowIso(),
    lastUsedAt: null,
  });
  return { id, name, scope, token };
}

/** The user's tokens, newest first, without secrets. */
export async function listApiTokens(ctx: Deps, userId: string): Promise<ApiTokenInfo[]> {
  const rows = await store.listApiTokens(ctx.db, userId);
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    scope: r.scope,
    createdAt: r.createdAt,
    lastUsedAt: r.lastUsedAt,
  }));
}

/** Revokes one of the user's tokens. @throws 404 when it is not theirs (or does not exist) */
export async function revokeApiToken(ctx: Deps, userId: string, id: string): Promise<void> {
  if (!(await store.deleteApiToken(ctx.db, userId, id))) throw notFound('That token');
}

/** A token the caller may use: its id, scope and (enabled) user. */
export type ResolvedApiToken = { tokenId: string; scope: TokenScope; user: User };

/** The token's id, scope and (enabled) user for a bearer secret, or null. */
export async function resolveApiToken(ctx: Deps, token: string): Promise<ResolvedApiToken | null> {
  if (!token.startsWith(API_TOKEN_PREFIX)) return null;
  const tokenHash = sha256(token);
  const row = await store.findApiTokenByHash(ctx.db, tokenHash);
  if (!row) return null;
  const user = await getActiveUser(ctx, row.userId);
  if (!user) return null;
  const now = Date.now();
  if (!row.lastUsedAt || now - Date.parse(row.lastUsedAt) >= TOUCH_INTERVAL_MS) {
    await store.touchApiToken(ctx.db, row.id, new Date(now).toISOString());
  }
  return { tokenId: row.id, scope: row.scope, user };
}
