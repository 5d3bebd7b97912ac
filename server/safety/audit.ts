/**
 * The audit log: security events (sign-ins, password and token changes, account, connection
 * and task changes, invites, exports) with time, actor, target and IP. Writing an entry never
 * fails the request that caused it, and an entry never holds a secret or message content:
 * `detail` is scrubbed of secret-looking keys and cut short.
 */
import type { FastifyRequest } from 'fastify';
import type { AuditAction, AuditEntry, AuditList, AuditQuery } from '#common/admin';
import type { AppContext } from '#server/context';
import { nowIso } from '#server/db/database';
import { listUsers } from '#server/accounts/service';
import { badRequest } from '#server/errors';
import { insertAuditRow, listAuditRows, type AuditRow } from './audit-store';
import { auditSummary } from './audit-summary';

/** Who made an admin change, as the audit log records it. */
export type Actor = { actorId: string; ip: string };

/** One event to record. */
export type AuditEvent = {
  action: AuditAction;
  /** Who did it; null when nobody is signed in (a failed sign-in). */
  actorId: string | null;
  /** Id of what it was done to (a user, connection, task, token, invite). */
  target?: string | null | undefined;
  ip?: string | null | undefined;
  /** Small facts (the attempted username, the changed fields): never secrets or message text. */
  detail?: Record<string, unknown> | null | undefined;
};

/** Keys never written into `detail`, whatever a caller passes. */
const SECRET_KEY = /password|passphrase|secret|token$|apikey|api_key|cookie|authorization|content|csrf|hash/i;
const MAX_STRING = 200;
const MAX_KEYS = 20;

/** A copy of `detail` safe to store: no secret-looking keys, short strings, flat values. */
export function scrubDetail(detail: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(detail).slice(0, MAX_KEYS)) {
    if (SECRET_KEY.test(key) || value === undefined) continue;
    if (typeof value === 'string') out[key] = value.length > MAX_STRING ? `${value.slice(0, MAX_STRING)}…` : value;
    else if (typeof value === 'number' || typeof value === 'boolean' || value === null) out[key] = value;
    else if (Array.isArray(value))
      out[key] = value
        .slice(0, MAX_KEYS)
        .filter((v) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')
        .map((v) => (typeof v === 'string' ? v.slice(0, MAX_STRING) : v));
    // Nested objects are dropped: they are where content would hide.
  }
  return out;
}

/**
 * Records an event. Never throws: a failure to write is logged (without the detail) and the
 * request carries on. Awaiting it makes the entry visible before the reply goes out.
 */
export async function audit(ctx: Pick<AppContext, 'db' | 'log'>, event: AuditEvent): Promise<void> {
  try {
    const detail = event.detail ? scrubDetail(event.detail) : null;
    await insertAuditRow(ctx.db, {
      at: nowIso(),
      actorId: event.actorId,
      action: event.action,
      target: event.target ?? null,
      ip: event.ip ?? null,
      detail: detail && Object.keys(detail).length > 0 ? JSON.stringify(detail) : null,
    });
  } catch (err) {
    ctx.log.error({ err, action: event.action }, 'writing an audit entry failed');
  }
}

/** Records an event done by the request's caller (or anonymous), from the request's IP. */
export function auditRequest(
  ctx: Pick<AppContext, 'db' | 'log'>,
  request: FastifyRequest,
  event: Omit<AuditEvent, 'actorId' | 'ip'> & { actorId?: string | null },
): Promise<void> {
  return audit(ctx, {
    ...event,
    actorId: event.actorId !== undefined ? event.actorId : (request.auth?.user.id ?? null),
    ip: request.ip,
  });
}

const encodeCursor = (id: number) => Buffer.from(String(id)).toString('base64url');
function decodeCursor(cursor: string): number {
  const id = Number(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!Number.isSafeInteger(id) || id <= 0) throw badRequest('cursor: is not a cursor from a previous page', 'cursor');
  return id;
}

/** A time filter in the stored form (UTC ISO with Z), so text comparison orders correctly. */
const utc = (iso: string | undefined) => (iso === undefined ? undefined : new Date(iso).toISOString());

function parseDetail(json: string | null): Record<string, unknown> | null {
  if (!json) return null;
  try {
    const value: unknown = JSON.parse(json);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/**
 * Who the target is when it is a user: a current account, or (after deletion) the user id of a
 * `user.*` entry with the username its detail kept.
 */
function targetUser(
  row: AuditRow,
  detail: Record<string, unknown> | null,
  names: Map<string, string>,
): AuditEntry['targetUser'] {
  if (!row.target) return null;
  const current = names.get(row.target);
  if (current !== undefined) return { id: row.target, username: current };
  if (!row.action.startsWith('user.')) return null;
  return { id: row.target, username: typeof detail?.username === 'string' ? detail.username : null };
}

/** A page of the log, newest first, with actor and target usernames resolved. */
export async function listAudit(ctx: Pick<AppContext, 'db'>, query: AuditQuery): Promise<AuditList> {
  const prefix = query.action?.endsWith('.') ? query.action : undefined;
  const rows = await listAuditRows(ctx.db, {
    action: prefix ? undefined : query.action,
    actionPrefix: prefix,
    actorId: query.actorId,
    targetId: query.targetId,
    from: utc(query.from),
    to: utc(query.to),
    beforeId: query.cursor ? decodeCursor(query.cursor) : undefined,
    limit: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  // A household has a handful of accounts: one read beats a join across features' tables.
  const accounts = await listUsers(ctx);
  const names = new Map(accounts.map((u) => [u.id, u.username]));
  const displayNames = new Map(accounts.map((u) => [u.id, u.displayName]));
  const userRef = (id: string | null) => (id ? { id, username: names.get(id) ?? null } : null);
  const named = (ref: { id: string; username: string | null } | null) =>
    ref ? { ...ref, displayName: displayNames.get(ref.id) ?? null } : null;
  const items = page.map((row: AuditRow): AuditEntry => {
    const detail = parseDetail(row.detail);
    const actor = userRef(row.actorId);
    const target = targetUser(row, detail, names);
    return {
      id: String(row.id),
      at: row.at,
      actor,
      action: row.action,
      target: row.target,
      targetUser: target,
      ip: row.ip,
      detail,
      summary: auditSummary({ action: row.action, actor: named(actor), targetUser: named(target), detail }),
    };
  });
  const last = page.at(-1);
  return { items, nextCursor: rows.length > query.limit && last ? encodeCursor(last.id) : null };
}
