/**
 * Field errors as sentences a member reads ("The password must be at least 8 characters.")
 * instead of "password: must be …", which shows a field name from the code. Fields without a
 * plain name keep the `field: problem` form (a developer calling the API reads those).
 *
 * A plain field's error also carries the rule it broke as facts (`rule`, `limit`), so the web
 * app can say the same sentence in the member's language (`common:fieldErrors`).
 */
import type { FieldRule } from '#common/errors';
import { HttpError } from '#server/errors';

/** How a sentence names each field a person types into. */
const FIELD_WORDS: Record<string, string> = {
  password: 'The password',
  newPassword: 'The new password',
  currentPassword: 'Your current password',
  username: 'The username',
  displayName: 'The display name',
  content: 'The message',
};

/** `problem` ("must be at least 8 characters") as a sentence about `field`, or null when it has no plain name. */
export function plainFieldSentence(field: string, problem: string): string | null {
  const words = FIELD_WORDS[field];
  if (words === undefined) return null;
  return `${words} ${problem.replace(/[.\s]+$/, '')}.`;
}

/** A field error's message: the plain sentence when the field has one, else `field: problem`. */
export function fieldMessage(field: string, problem: string): string {
  return plainFieldSentence(field, problem) ?? `${field}: ${problem}`;
}

/** The parts of a zod issue that say which rule a string broke. */
export type IssueLike = { code: string; minimum?: unknown; maximum?: unknown };

/** The rule a zod issue names, with its limit, or null when it is none the web app has words for. */
export function ruleOf(issue: IssueLike): { rule: FieldRule; limit?: number } | null {
  if (issue.code === 'too_small' && typeof issue.minimum === 'number') {
    return issue.minimum <= 1 ? { rule: 'required' } : { rule: 'too_short', limit: issue.minimum };
  }
  if (issue.code === 'too_big' && typeof issue.maximum === 'number') return { rule: 'too_long', limit: issue.maximum };
  if (issue.code === 'invalid_format') return { rule: 'characters' };
  return null;
}

/** Facts for a plain field's error (`{field}` has words, the rule is known), else undefined. */
export function ruleFacts(
  field: string,
  rule: { rule: FieldRule; limit?: number } | null,
): Record<string, string | number> | undefined {
  if (!rule || FIELD_WORDS[field] === undefined) return undefined;
  return rule.limit === undefined ? { rule: rule.rule } : { rule: rule.rule, limit: rule.limit };
}

/**
 * 400 `validation_failed` (413 `too_large` when `status` says so) for `field`: its plain
 * sentence, and the rule as facts when known.
 */
export function fieldError(
  field: string,
  problem: string,
  rule: { rule: FieldRule; limit?: number } | null,
  status: 400 | 413 = 400,
) {
  const code = status === 413 ? 'too_large' : 'validation_failed';
  return new HttpError(status, code, fieldMessage(field, problem), field, undefined, ruleFacts(field, rule));
}
