/**
 * What a guardian sees of a supervised member, and what the member is told about it: flags
 * (the child's own words or the assistant's reply to them, never anyone else's), usage per day
 * and by hour (counts only), the AI conversations while full transcripts are on, and the
 * member's own `GET /api/me/supervision`. Adults have none of this: see ./access.ts.
 */
import type { User } from '#common/auth';
import type { ConversationDetail, ConversationDetailQuery, ConversationPage } from '#common/conversations';
import type { FamilyUsageReply, FlagPage, SafetyFlag, SupervisionReply } from '#common/family';
import type { AppContext } from '#server/context';
import { listUsers } from '#server/accounts/service';
import { getDetail, listForUser, userMessageTimes } from '#server/conversations/service';
import { nowIso } from '#server/db/database';
import { badRequest, notFound } from '#server/errors';
import { audit } from '#server/safety/audit';
import { instantOf, zonedParts } from '#server/safety/household-time';
import { myUsage } from '#server/safety/usage';
import { auditDenied, reachChild, type FamilyCaller } from './access';
import { announceChange, personOf } from './service';
import * as store from './store';
import { supervisionFor } from './supervision';
import { todayUse } from './today';

// ── flags ──

const toFlag = (row: store.FlagRow): SafetyFlag => ({
  id: row.id,
  at: row.at,
  direction: row.direction,
  category: row.category,
  excerpt: row.excerpt,
  ...(row.conversationId ? { conversationId: row.conversationId } : {}),
  ...(row.roomId ? { roomId: row.roomId } : {}),
  ...(row.reviewedAt ? { reviewedAt: row.reviewedAt } : {}),
});

const encodeFlagCursor = (row: store.FlagRow) => Buffer.from(JSON.stringify([row.at, row.id])).toString('base64url');
function decodeFlagCursor(cursor: string): { at: string; id: string } {
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && typeof v[1] === 'string')
      return { at: v[0], id: v[1] };
  } catch {
    // falls through to the 400
  }
  throw badRequest('cursor: is not a cursor from a previous page', 'cursor');
}

/** `GET /api/family/:userId/flags`: a page of the member's flags, newest first (guardians only). */
export async function listChildFlags(
  ctx: AppContext,
  caller: FamilyCaller,
  childId: string,
  query: { limit: number; cursor?: string | undefined },
): Promise<FlagPage> {
  const { child } = await reachChild(ctx, caller, childId, 'guardian', 'flags');
  const before = query.cursor ? decodeFlagCursor(query.cursor) : undefined;
  const rows = await store.listFlags(ctx.db, child.id, { limit: query.limit + 1, before });
  const items = rows.slice(0, query.limit);
  const last = items.at(-1);
  return { items: items.map(toFlag), nextCursor: rows.length > query.limit && last ? encodeFlagCursor(last) : null };
}

/** `POST /api/family/:userId/flags/:id/review` (guardians only). @throws 404 another member's or no flag */
export async function reviewFlag(ctx: AppContext, caller: FamilyCaller, childId: string, flagId: string) {
  const { child } = await reachChild(ctx, caller, childId, 'guardian', 'flags');
  const flag = await store.findFlag(ctx.db, child.id, flagId);
  if (!flag) throw notFound('That flag');
  await store.markFlagReviewed(ctx.db, flag.id, caller.user.id, nowIso());
  await announceChange(ctx, child.id, { actorId: caller.user.id, permissionsDone: true });
  await audit(ctx, {
    actorId: caller.user.id,
    ip: caller.ip,
    action: 'family.flag_reviewed',
    target: child.id,
    detail: { username: child.username, flagId: flag.id, category: flag.category },
  });
}

// ── usage ──

/**
 * `GET /api/family/:userId/usage`: messages and tokens per household day (every day of the
 * range, zeros included) and how many messages the member wrote to the assistant in each hour
 * of the household's day. Counts only.
 */
export async function childUsage(
  ctx: AppContext,
  caller: FamilyCaller,
  childId: string,
  days: number,
): Promise<FamilyUsageReply> {
  const { child } = await reachChild(ctx, caller, childId, 'manage', 'usage');
  const zone = ctx.config.timeZone;
  const usage = await myUsage(ctx.db, child.id, days, zone);
  const { from, to } = usage;
  const perDay = new Map<string, { messages: number; tokens: number }>();
  for (const item of usage.items) {
    const d = perDay.get(item.day) ?? { messages: 0, tokens: 0 };
    d.messages += item.requests;
    d.tokens += item.promptTokens + item.completionTokens;
    perDay.set(item.day, d);
  }
  const list: FamilyUsageReply['days'] = [];
  // Noon-to-noon steps, as dayRange does: days are 23 or 25 hours long across a clock change.
  for (let t = new Date(`${from}T12:00:00Z`).getTime(); ; t += 86_400_000) {
    const day = new Date(t).toISOString().slice(0, 10);
    list.push({ day, ...(perDay.get(day) ?? { messages: 0, tokens: 0 }) });
    if (day >= to) break;
  }
  const [y, m, d] = from.split('-').map(Number) as [number, number, number];
  const since = instantOf({ year: y, month: m, day: d }, zone).toISOString();
  const hours = Array.from({ length: 24 }, () => 0);
  for (const at of await userMessageTimes(ctx, child.id, since)) hours[zonedParts(new Date(at), zone).hour]! += 1;
  return { from, to, timeZone: zone, days: list, hours };
}

// ── transcripts ──

/** The child if the caller guards them and full transcripts are on; otherwise 404, audited. */
async function reachTranscripts(ctx: AppContext, caller: FamilyCaller, childId: string) {
  const { child } = await reachChild(ctx, caller, childId, 'guardian', 'transcripts');
  const controls = await store.readControls(ctx.db, child.id);
  if (!controls.fullTranscripts) {
    await auditDenied(ctx, caller, child.id, 'transcripts');
    throw notFound('That member');
  }
  return child;
}

/** `GET /api/family/:userId/conversations`: the member's AI conversations (full transcripts only). */
export async function childConversations(
  ctx: AppContext,
  caller: FamilyCaller,
  childId: string,
  query: { limit: number; cursor?: string | undefined; archived?: boolean | undefined },
): Promise<ConversationPage> {
  const child = await reachTranscripts(ctx, caller, childId);
  return listForUser(ctx, child.id, { limit: query.limit, cursor: query.cursor, archived: query.archived });
}

/** `GET /api/family/:userId/conversations/:id`: one of them with its messages (full transcripts only). */
export async function childConversation(
  ctx: AppContext,
  caller: FamilyCaller,
  childId: string,
  conversationId: string,
  query: ConversationDetailQuery = {},
): Promise<ConversationDetail> {
  const child = await reachTranscripts(ctx, caller, childId);
  // getDetail answers 404 for a conversation that is not the child's: the id of anyone else's is nothing here.
  const detail = await getDetail(ctx, child.id, conversationId, query);
  await audit(ctx, {
    actorId: caller.user.id,
    ip: caller.ip,
    action: 'family.transcript_viewed',
    target: child.id,
    detail: { username: child.username, conversationId },
  });
  return detail;
}

// ── the member's own view ──

/** `GET /api/me/supervision`: who the member's guardians are, exactly what they see, and today's limits. */
export async function mySupervision(ctx: AppContext, user: User): Promise<SupervisionReply> {
  const supervision = await supervisionFor(ctx, user);
  if (!supervision) {
    return { supervised: false, guardians: [], canSee: { usage: false, flags: false, transcripts: false } };
  }
  const ids = new Set(supervision.guardianIds);
  const guardians = (await listUsers(ctx)).filter((a) => ids.has(a.id)).map(personOf);
  const { filter: _filter, ...controls } = supervision.controls;
  return {
    supervised: true,
    guardians,
    canSee: { usage: true, flags: true, transcripts: supervision.controls.fullTranscripts },
    controls,
    today: await todayUse(ctx, user.id, supervision.controls),
  };
}
