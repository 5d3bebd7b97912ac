/** The error envelope every API error uses, and the stable codes clients switch on. */
import { z } from 'zod';

export const errorCodes = [
  'validation_failed',
  'unauthorized',
  'invalid_credentials',
  'account_paused',
  'forbidden',
  'csrf_failed',
  'token_scope',
  'not_found',
  'model_not_found',
  // Tasks (issue 12): a model outside the task, a task the member may not use, a task fixed by its messages.
  'model_not_allowed',
  'task_not_allowed',
  'task_locked',
  'conflict',
  'too_large',
  'rate_limited',
  'model_unavailable',
  'invite_invalid',
  'invite_expired',
  'import_unrecognized',
  'import_unsupported',
  'import_invalid',
  'import_too_large',
  'people_chat_off',
  'path_not_allowed',
  'internal_error',
  // Family safety (issue 13): quiet hours, daily budgets, what a supervised member may not do.
  'quiet_hours',
  'daily_limit_reached',
  'not_allowed_for_supervised',
  // Family safety: only a guardian may turn on full transcripts (an admin may set every other control).
  'guardian_only',
  // Family safety (issue 13): the content filter stopped a supervised member's message.
  'content_blocked',
] as const;

/** A stable machine-readable error code. */
export const ErrorCode = z.enum(errorCodes);
export type ErrorCode = z.infer<typeof ErrorCode>;

/** `{"error": {...}}` — the body of every 4xx/5xx answer. */
/**
 * The rule a typed field (password, username, display name) broke: sent beside the English
 * sentence so a client can say it in the member's language.
 */
export const FieldRule = z.enum(['required', 'too_short', 'too_long', 'characters', 'common_password']);
export type FieldRule = z.infer<typeof FieldRule>;

export const ApiErrorBody = z.object({
  error: z.object({
    code: ErrorCode.describe('Stable code to switch on'),
    message: z.string().describe('A human sentence explaining the problem'),
    field: z.string().optional().describe('Dotted path of the offending input field'),
    until: z.string().optional().describe('quiet_hours: when the quiet time ends (ISO 8601)'),
    resetAt: z.string().optional().describe('daily_limit_reached: when the daily budget starts again (ISO 8601)'),
    budget: z.enum(['messages', 'tokens']).optional().describe('daily_limit_reached: which daily budget is used up'),
    category: z.string().optional().describe('content_blocked: what kind of content the filter found (a FlagCategory)'),
    admin: z.string().optional().describe('account_paused: the display name of the admin to ask'),
    rule: FieldRule.optional().describe(
      'validation_failed (or too_large) on a field a person types into: the rule it broke',
    ),
    limit: z.number().optional().describe('rule too_short/too_long: the number of characters'),
    limitMb: z.number().optional().describe('too_large on an upload: the largest file, in MB'),
  }),
});
export type ApiErrorBody = z.infer<typeof ApiErrorBody>;
