/**
 * Usage counters: how many replies each member asked for and how many tokens they took, per
 * day and per source (the web app and terminal client, or the OpenAI-compatible `/v1` gateway).
 */
import { z } from 'zod';

/** Where a request came from. */
export const UsageSource = z
  .enum(['chat', 'api'])
  .describe('"chat": the web app or `hearth chat`; "api": the /v1 gateway');
export type UsageSource = z.infer<typeof UsageSource>;

/** A day as counted: `YYYY-MM-DD` on the household's clock (HEARTH_TIMEZONE). */
export const UsageDayString = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .describe('A day in the household time zone (HEARTH_TIMEZONE), YYYY-MM-DD');

export const UsageCounts = z.object({
  requests: z.number().int().nonnegative().describe('Replies asked for (each chat send, regenerate or /v1 completion)'),
  promptTokens: z
    .number()
    .int()
    .nonnegative()
    .describe(
      "Tokens the model read; the model server's count, or an estimate (4 characters a token) when it sent none",
    ),
  completionTokens: z
    .number()
    .int()
    .nonnegative()
    .describe('Tokens the model wrote, thinking included; counted or estimated like promptTokens'),
});
export type UsageCounts = z.infer<typeof UsageCounts>;

/** One day's counts from one source. */
export const UsageDay = UsageCounts.extend({ day: UsageDayString, source: UsageSource });
export type UsageDay = z.infer<typeof UsageDay>;

/** Counts split by source, and their sum. */
export const UsageTotals = z.object({ chat: UsageCounts, api: UsageCounts, all: UsageCounts });
export type UsageTotals = z.infer<typeof UsageTotals>;

/** `?days=`: how far back to look. */
export const UsageQuery = z.object({
  days: z.coerce
    .number()
    .int()
    .min(1)
    .max(366)
    .default(30)
    .describe('How many days back, today included (1–366, default 30)'),
});
export type UsageQuery = z.infer<typeof UsageQuery>;

/** `GET /api/me/usage`. */
export const MyUsageReply = z.object({
  from: UsageDayString.describe('First day counted'),
  to: UsageDayString.describe('Last day counted (today, in the household time zone)'),
  items: z.array(UsageDay).describe('Days with any use, newest first; a day with both sources has two items'),
  totals: UsageTotals,
});
export type MyUsageReply = z.infer<typeof MyUsageReply>;

/** One member's totals in the admin view. */
export const UserUsage = UsageTotals.extend({
  user: z.object({ id: z.string(), username: z.string(), displayName: z.string() }),
});
export type UserUsage = z.infer<typeof UserUsage>;

/** `GET /api/admin/usage`. */
export const AdminUsageReply = z.object({
  from: UsageDayString,
  to: UsageDayString,
  items: z.array(UserUsage).describe('Every member with any use in the range, most tokens first'),
  totals: UsageTotals.describe('The whole household'),
});
export type AdminUsageReply = z.infer<typeof AdminUsageReply>;

/** `GET /api/me/limits`: what is left of the caller's limits now (the terminal's /status). */
export const MyLimitsReply = z.object({
  chat: z
    .object({
      perMinute: z.number().int().describe('messages (sends, regenerations, edits, /v1 calls) allowed per minute'),
      remaining: z.number().int().describe('how many of them are left in this minute'),
      resetAt: z.string().describe('when the minute ends'),
    })
    .nullable()
    .describe('null: this server sets no chat limit'),
});
export type MyLimitsReply = z.infer<typeof MyLimitsReply>;
