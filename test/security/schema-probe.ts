/**
 * Reads a route's zod schema to make bad input for it: which top-level fields a body or query
 * has, which are strings, and a value for each field that the schema itself refuses — so the
 * bad-input matrix needs no hand-written list per route and follows schema changes.
 */
import type { z } from 'zod';

type Def = { type: string; innerType?: z.ZodType; in?: z.ZodType; shape?: Record<string, z.ZodType> };
const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'catch', 'readonly', 'nonoptional']);

/** The schema under optional/nullable/default/pipe wrappers. */
export function unwrap(schema: z.ZodType): z.ZodType {
  let s = schema;
  for (let i = 0; i < 20; i++) {
    const def = defOf(s);
    if (WRAPPERS.has(def.type) && def.innerType) s = def.innerType;
    else if (def.type === 'pipe' && def.in) s = def.in;
    else return s;
  }
  return s;
}

/** Whether `value` is a zod schema (fastify-type-provider-zod routes use them). */
export const isZod = (value: unknown): value is z.ZodType =>
  typeof value === 'object' &&
  value !== null &&
  '_zod' in value &&
  typeof (value as z.ZodType).safeParse === 'function';

/** The fields of an object schema (after unwrapping), or null when it is not an object. */
export function objectShape(schema: z.ZodType): Record<string, z.ZodType> | null {
  const def = defOf(unwrap(schema));
  return def.type === 'object' && def.shape ? def.shape : null;
}

/** Whether the field takes free text (where odd unicode can go). */
export const isStringField = (field: z.ZodType): boolean => defOf(unwrap(field)).type === 'string';

const WRONG_VALUES: unknown[] = [12345, 'not-a-valid-value', true, { nested: 'object' }, ['a', 'list'], null];

/**
 * A value for `key` that the schema refuses because of that key (the rest of `valid` kept), or
 * undefined when every candidate is accepted (a field that takes anything).
 */
export function wrongValueFor(
  schema: z.ZodType,
  valid: Record<string, unknown>,
  key: string,
): { value: unknown } | undefined {
  for (const value of WRONG_VALUES) {
    const parsed = schema.safeParse({ ...valid, [key]: value });
    if (!parsed.success && parsed.error.issues.some((issue) => issue.path[0] === key)) return { value };
  }
  return undefined;
}

/** Query-string values (always strings) that the query schema refuses for `key`. */
export function wrongQueryValueFor(schema: z.ZodType, key: string): string | undefined {
  for (const value of ['not-a-number', '-1', '0', 'x'.repeat(5000), '']) {
    const parsed = schema.safeParse({ [key]: value });
    if (!parsed.success && parsed.error.issues.some((issue) => issue.path[0] === key)) return value;
  }
  return undefined;
}
