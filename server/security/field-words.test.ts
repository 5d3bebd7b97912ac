/** A typed field's error names the rule it broke, from the real schemas' zod issues. */
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { Password, Username } from '#common/auth';
import { fieldError, ruleOf } from './field-words';

const firstIssue = (schema: z.ZodType, value: string) => {
  const parsed = schema.safeParse(value);
  if (parsed.success) throw new Error(`${value} passed`);
  return parsed.error.issues[0]!;
};

describe('field words', () => {
  it('reads the rule and its limit from a zod issue', () => {
    expect(ruleOf(firstIssue(Password, 'short'))).toEqual({ rule: 'too_short', limit: 8 });
    expect(ruleOf(firstIssue(Password, 'x'.repeat(129)))).toEqual({ rule: 'too_long', limit: 128 });
    expect(ruleOf(firstIssue(Username, 'anna smith'))).toEqual({ rule: 'characters' });
    expect(ruleOf({ code: 'too_small', minimum: 1 })).toEqual({ rule: 'required' });
    expect(ruleOf({ code: 'invalid_type' })).toBeNull();
  });

  it('gives a plain sentence with the rule as facts, and only the sentence for fields without plain words', () => {
    const plain = fieldError('newPassword', 'must be at least 8 characters', { rule: 'too_short', limit: 8 });
    expect(plain).toMatchObject({
      statusCode: 400,
      message: 'The new password must be at least 8 characters.',
      field: 'newPassword',
      facts: { rule: 'too_short', limit: 8 },
    });
    const other = fieldError('title', 'must not be empty', { rule: 'required' });
    expect(other.message).toBe('title: must not be empty');
    expect(other.facts).toBeUndefined();
  });
});
