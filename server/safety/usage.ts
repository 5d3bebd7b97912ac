/**
 * Usage counting: every reply a member asks for (web chat, terminal client, the /v1 gateway)
 * adds one request and its tokens to that member's counters for the day. Token counts come from
 * the model server's usage report; a server that sends none (or a reply stopped before the
 * report) is estimated at four characters a token, the usual rule of thumb for English text.
 */
import type { FastifyBaseLogger } from 'fastify';
import type {
  UsageDay,
  MyUsageReply,
  AdminUsageReply,
  UsageCounts,
  UsageSource,
  UsageTotals,
  UserUsage,
} from '#common/usage';
import type { Db } from '#server/db/database';
import type { ChatTurn } from '#server/providers/types';
import { addUsage, usageByUser, userUsageDays } from './usage-store';
import { householdDay } from './household-time';

/** Characters per token when the model server did not count. */
const CHARS_PER_TOKEN = 4;

/** A rough token count for text whose real count is unknown. */
export const estimateTokens = (chars: number): number => (chars <= 0 ? 0 : Math.ceil(chars / CHARS_PER_TOKEN));

/** The characters of a prompt, for estimating. */
export const promptChars = (turns: readonly ChatTurn[]): number => turns.reduce((n, t) => n + t.content.length, 0);

/** What one finished (or stopped, or failed) reply used. */
export type ReplyUsage = {
  userId: string;
  source: UsageSource;
  /** The model server's own counts, when it sent them. */
  reported?: { promptTokens: number; completionTokens: number } | undefined;
  /** The prompt as sent (for the estimate). */
  turns: readonly ChatTurn[];
  /** Characters the model wrote, thinking included (for the estimate). */
  outputChars: number;
  /** The household's time zone (config.timeZone): the day is counted on its clock. */
  timeZone: string;
  /**
   * Replies asked for: 1, or 0 for work nobody asked for (a background title), whose tokens count
   * but which is not a message against a daily message budget.
   */
  requests?: 0 | 1;
};

/**
 * The token counts to book for a reply: the server's report, else an estimate — zero when the
 * model wrote nothing and reported nothing (the server was down: it read no prompt either).
 */
export function tokensFor(usage: Omit<ReplyUsage, 'userId' | 'source' | 'timeZone' | 'requests'>): {
  promptTokens: number;
  completionTokens: number;
} {
  if (usage.reported)
    return { promptTokens: usage.reported.promptTokens, completionTokens: usage.reported.completionTokens };
  if (usage.outputChars <= 0) return { promptTokens: 0, completionTokens: 0 };
  return {
    promptTokens: estimateTokens(promptChars(usage.turns)),
    completionTokens: estimateTokens(usage.outputChars),
  };
}

/** SQLite's and PostgreSQL's codes for a row that points at a row that is gone. */
const isForeignKeyViolation = (err: unknown) =>
  err instanceof Error && 'code' in err && (err.code === 'SQLITE_CONSTRAINT_FOREIGNKEY' || err.code === '23503');

/** Books one reply. Resolves once written; never rejects (a failed count is logged, not fatal). */
export async function recordUsage(db: Db, log: FastifyBaseLogger, usage: ReplyUsage): Promise<void> {
  try {
    await addUsage(db, {
      userId: usage.userId,
      day: householdDay(new Date(), usage.timeZone),
      source: usage.source,
      requests: usage.requests ?? 1,
      ...tokensFor(usage),
    });
  } catch (err) {
    // The user was deleted while their reply ran (on any process): nothing left to count
    // against, and nothing wrong. Any other failure is worth a warning.
    if (isForeignKeyViolation(err)) log.debug({ userId: usage.userId }, 'usage of a deleted user not counted');
    else log.warn({ err, userId: usage.userId }, 'could not count usage');
  }
}

/** The first and last day of a `days`-long range ending today, on the household's clock. */
export function dayRange(days: number, timeZone: string, now = new Date()): { from: string; to: string } {
  // Noon-to-noon steps: a day is 23 or 25 hours long across a daylight-saving change.
  const to = householdDay(now, timeZone);
  const noon = new Date(`${to}T12:00:00Z`);
  const from = new Date(noon.getTime() - (days - 1) * 86_400_000).toISOString().slice(0, 10);
  return { from, to };
}

const zero = (): UsageCounts => ({ requests: 0, promptTokens: 0, completionTokens: 0 });
const emptyTotals = (): UsageTotals => ({ chat: zero(), api: zero(), all: zero() });

function add(into: UsageCounts, c: UsageCounts): void {
  into.requests += c.requests;
  into.promptTokens += c.promptTokens;
  into.completionTokens += c.completionTokens;
}

function addTo(totals: UsageTotals, source: UsageSource, c: UsageCounts): void {
  add(totals[source], c);
  add(totals.all, c);
}

/** One member's counters of one household day (a row per source used). */
export async function usageOnDay(db: Db, userId: string, day: string): Promise<UsageDay[]> {
  return userUsageDays(db, userId, day, day);
}

/** One member's usage over the last `days` days. */
export async function myUsage(db: Db, userId: string, days: number, timeZone: string): Promise<MyUsageReply> {
  const { from, to } = dayRange(days, timeZone);
  const items = await userUsageDays(db, userId, from, to);
  const totals = emptyTotals();
  for (const item of items) addTo(totals, item.source, item);
  return { from, to, items, totals };
}

/** Every member's totals over the last `days` days, the heaviest users first. */
export async function householdUsage(db: Db, days: number, timeZone: string): Promise<AdminUsageReply> {
  const { from, to } = dayRange(days, timeZone);
  const byUser = new Map<string, UserUsage>();
  const totals = emptyTotals();
  for (const row of await usageByUser(db, from, to)) {
    let entry = byUser.get(row.userId);
    if (!entry) {
      entry = { user: { id: row.userId, username: row.username, displayName: row.displayName }, ...emptyTotals() };
      byUser.set(row.userId, entry);
    }
    addTo(entry, row.source, row);
    addTo(totals, row.source, row);
  }
  const tokens = (u: UsageTotals) => u.all.promptTokens + u.all.completionTokens;
  const items = [...byUser.values()].sort((a, b) => tokens(b) - tokens(a) || b.all.requests - a.all.requests);
  return { from, to, items, totals };
}
