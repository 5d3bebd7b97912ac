/**
 * Family safety: the controls a guardian sets for a supervised member, the Family page's entries,
 * the flags the content filter raises, and what a supervised member is told about their own
 * supervision. Names follow the contract (API.md, "Family safety").
 */
import { z } from 'zod';
import { PageQuery, page } from './pagination';

/** The age bands that add a locked, age-appropriate instruction after the task's prompt. */
export const AgeBand = z.enum(['under9', '9to12', '13to17']).describe('"under9", "9to12" or "13to17"');
export type AgeBand = z.infer<typeof AgeBand>;

/** `HH:MM`, 24-hour clock, in the household's time zone (HEARTH_TIMEZONE). */
export const ClockTime = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time like 21:00')
  .describe('A time of day, HH:MM (24-hour), in the household time zone');

/**
 * Quiet hours on some weekdays (0 = Sunday … 6 = Saturday). `from` later than `to` runs across
 * midnight (21:00–07:00 on Monday is Monday 21:00 to Tuesday 07:00).
 */
export const QuietHoursRule = z
  .object({
    days: z
      .array(z.number().int().min(0).max(6))
      .min(1, 'needs at least one day')
      .max(7)
      .describe('Weekdays the quiet hours start on, 0 = Sunday … 6 = Saturday'),
    from: ClockTime,
    to: ClockTime,
  })
  .refine((r) => r.from !== r.to, { message: 'from and to must differ', path: ['to'] });
export type QuietHoursRule = z.infer<typeof QuietHoursRule>;

/** The household's own word lists and the optional moderation model, per supervised member. */
export const FilterSettings = z.object({
  blockWords: z
    .array(z.string().trim().min(1).max(80))
    .max(500)
    .describe('Words or phrases always blocked for this member, besides the built-in lists'),
  allowWords: z
    .array(z.string().trim().min(1).max(80))
    .max(500)
    .describe('Words the built-in lists would block that this household allows'),
  moderationModel: z
    .string()
    .min(1)
    .max(300)
    .nullable()
    .describe(
      'A moderation model on the household model server (e.g. llama-guard3:1b), or null for the word lists only',
    ),
});
export type FilterSettings = z.infer<typeof FilterSettings>;

/** Who a supervised member may message directly: everyone, or only the listed members. */
export const DirectMessagesWith = z
  .union([z.literal('everyone'), z.array(z.string().min(1)).max(500)])
  .describe(
    '"everyone", or the ids of the only members they may message directly (rooms they are added to still work)',
  );
export type DirectMessagesWith = z.infer<typeof DirectMessagesWith>;

/**
 * Every control of a supervised member, with its effective value. `taskIds`/`modelIds` are the
 * member's allow-lists (null = every enabled task / model) and `peopleChat` the people-chat
 * switch: the same settings the admin console edits, stored where they always were.
 */
export const FamilyControls = z.object({
  ageBand: AgeBand.nullable().describe('Adds an age-appropriate safety instruction; null: none'),
  quietHours: z.array(QuietHoursRule).max(14).describe('When AI sends are refused (403 quiet_hours)'),
  quietHoursPeopleChat: z.boolean().describe('Quiet hours also hold back people-chat sends'),
  dailyMessages: z.number().int().min(0).max(10_000).nullable().describe('AI messages a day; null: no limit'),
  dailyTokens: z.number().int().min(0).max(100_000_000).nullable().describe('Tokens a day; null: no limit'),
  taskIds: z.array(z.string()).nullable().describe('Tasks they may use; null: every enabled task'),
  modelIds: z.array(z.string()).nullable().describe('Models they may use; null: every model'),
  peopleChat: z.boolean().describe('People chat on or off'),
  directMessagesWith: DirectMessagesWith,
  allowTokens: z
    .boolean()
    .nullable()
    .describe(
      'API tokens: null (the default) allows signing in to the terminal client (a `chat` token) but no `models` tokens (no /v1); true allows both; false allows none',
    ),
  allowDeleteHistory: z.boolean().describe('May delete their own conversations and history'),
  fullTranscripts: z
    .boolean()
    .describe("Guardians may read the member's AI conversations (only a guardian can turn this on)"),
  filter: FilterSettings,
});
export type FamilyControls = z.infer<typeof FamilyControls>;

/** The controls of a supervised member nobody has changed yet. */
export const DEFAULT_FAMILY_CONTROLS: FamilyControls = {
  ageBand: null,
  quietHours: [],
  quietHoursPeopleChat: false,
  dailyMessages: null,
  dailyTokens: null,
  taskIds: null,
  modelIds: null,
  peopleChat: true,
  directMessagesWith: 'everyone',
  allowTokens: null,
  allowDeleteHistory: false,
  fullTranscripts: false,
  filter: { blockWords: [], allowWords: [], moderationModel: null },
};

/** `PATCH /api/family/:userId`: any of the controls; `null` clears a limit. */
export const FamilyControlsPatch = FamilyControls.extend({ filter: FilterSettings.partial() }).partial().strict();
export type FamilyControlsPatch = z.infer<typeof FamilyControlsPatch>;

/** `POST /api/family/:userId/extra`: more for today only. */
export const ExtraAllowanceBody = z
  .object({
    messages: z.number().int().min(1).max(1000).optional().describe('More AI messages for today'),
    tokens: z.number().int().min(1).max(10_000_000).optional().describe('More tokens for today'),
  })
  .strict()
  .refine((b) => b.messages !== undefined || b.tokens !== undefined, { message: 'give messages or tokens' });
export type ExtraAllowanceBody = z.infer<typeof ExtraAllowanceBody>;

/** A member as the Family page names them. */
export const FamilyPerson = z.object({ id: z.string(), username: z.string(), displayName: z.string() });
export type FamilyPerson = z.infer<typeof FamilyPerson>;

/** Today's use (in the household's time zone) and what is left of the daily budgets. */
export const TodayUse = z.object({
  day: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .describe('Today in the household time zone, YYYY-MM-DD'),
  messages: z.number().int().nonnegative().describe('AI messages sent today'),
  tokens: z.number().int().nonnegative().describe('Tokens used today'),
  extraMessages: z.number().int().nonnegative().describe('Extra messages a guardian granted for today'),
  extraTokens: z.number().int().nonnegative().describe('Extra tokens a guardian granted for today'),
  remaining: z
    .object({
      messages: z.number().int().nonnegative().nullable().describe('Messages left today; null: no limit'),
      tokens: z.number().int().nonnegative().nullable().describe('Tokens left today; null: no limit'),
    })
    .describe('What is left of the daily budgets, extras included'),
  resetAt: z.string().describe('When the day ends in the household time zone (ISO 8601)'),
});
export type TodayUse = z.infer<typeof TodayUse>;

/** One supervised member on the Family page. */
export const FamilyEntry = z.object({
  user: FamilyPerson,
  guardians: z.array(FamilyPerson),
  controls: FamilyControls,
  today: TodayUse,
  unreviewedFlags: z.number().int().nonnegative().describe('Flags not yet marked reviewed'),
});
export type FamilyEntry = z.infer<typeof FamilyEntry>;

/** `GET /api/family`. */
export const FamilyReply = z.object({ items: z.array(FamilyEntry) });
export type FamilyReply = z.infer<typeof FamilyReply>;

/** What the content filter found. */
export const FlagCategory = z
  .enum(['profanity', 'sexual', 'violence', 'self_harm', 'contact_details', 'moderation'])
  .describe(
    'What kind of content was found ("profanity" includes slurs and the household block list; "moderation": the moderation model said unsafe)',
  );
export type FlagCategory = z.infer<typeof FlagCategory>;

/** A flag: the child's own message, or the assistant's reply to the child — never anyone else's words. */
export const SafetyFlag = z.object({
  id: z.string(),
  at: z.string(),
  direction: z
    .enum(['input', 'output'])
    .describe('"input": the child wrote it; "output": the assistant wrote it to the child'),
  category: FlagCategory,
  excerpt: z.string().describe('The flagged text (at most 500 characters)'),
  conversationId: z.string().optional(),
  roomId: z.string().optional(),
  reviewedAt: z.string().optional(),
});
export type SafetyFlag = z.infer<typeof SafetyFlag>;

/** `GET /api/me/supervision`: exactly what the member's guardians can see, and today's limits. */
export const SupervisionReply = z.object({
  supervised: z.boolean(),
  guardians: z.array(FamilyPerson).describe('Who looks after this account'),
  canSee: z
    .object({
      usage: z.boolean().describe('How much and when they used the assistant'),
      flags: z.boolean().describe("Messages the safety filter stopped, theirs or the assistant's"),
      transcripts: z.boolean().describe('Their whole AI conversations (full transcripts)'),
    })
    .describe('What the guardians can see; nobody sees other people’s people-chat messages'),
  controls: FamilyControls.omit({ filter: true }).optional().describe('The limits that apply (supervised only)'),
  today: TodayUse.optional(),
});
export type SupervisionReply = z.infer<typeof SupervisionReply>;

// ── additions of the family-api lane (routes beyond the first contract table) ──

/** `GET /api/family/:userId/flags`: one page, newest first. */
export const FlagListQuery = PageQuery;
export const FlagPage = page(SafetyFlag);
export type FlagPage = z.infer<typeof FlagPage>;

/** `GET /api/family/:userId/usage?days=`: how far back (today included). */
export const FamilyUsageQuery = z.object({
  days: z.coerce
    .number()
    .int()
    .min(1)
    .max(90)
    .default(14)
    .describe('How many days back, today included (1–90, default 14)'),
});
export type FamilyUsageQuery = z.infer<typeof FamilyUsageQuery>;

/** One household day of a supervised member's use. */
export const FamilyUsageDay = z.object({
  day: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .describe('A day in the household time zone, YYYY-MM-DD'),
  messages: z.number().int().nonnegative().describe('AI messages that day (web, terminal and /v1)'),
  tokens: z.number().int().nonnegative().describe('Tokens used that day'),
});
export type FamilyUsageDay = z.infer<typeof FamilyUsageDay>;

/**
 * `GET /api/family/:userId/usage`: per-day use and when in the day the member writes to the
 * assistant. Counts only, never content.
 */
export const FamilyUsageReply = z.object({
  from: z.string().describe('First day counted (household time zone)'),
  to: z.string().describe('Last day counted: today'),
  timeZone: z.string().describe('The household time zone the days and hours are counted in'),
  days: z.array(FamilyUsageDay).describe('Every day of the range, oldest first, days without use included'),
  hours: z
    .array(z.number().int().nonnegative())
    .length(24)
    .describe(
      'How many messages the member wrote to the assistant in each hour of the day (0 = 00:00–00:59, household time) over the range',
    ),
});
export type FamilyUsageReply = z.infer<typeof FamilyUsageReply>;
