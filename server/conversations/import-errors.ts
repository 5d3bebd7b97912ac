/**
 * How an import refuses a file: a 4xx with a stable `import_*` code and a message that says
 * where in the file the problem is (`[2].messages[5].parentId`), so the user (or whoever wrote
 * the file) can find it. A refused file imports nothing.
 */
import type { z } from 'zod';
import { HttpError } from '#server/errors';

/** 400: the file is not an export Hearth knows. */
export const importUnrecognized = (message: string) => new HttpError(400, 'import_unrecognized', message);

/** 400: a known kind of export that this Hearth cannot read (a Claude.ai export, a newer Hearth format). */
export const importUnsupported = (message: string) => new HttpError(400, 'import_unsupported', message);

/** 400: the file is of a known kind but broken at `where`. */
export const importInvalid = (where: string, problem: string) =>
  new HttpError(
    400,
    'import_invalid',
    where ? `The file is not valid at ${where}: ${problem}` : `The file is not valid: ${problem}`,
    where || undefined,
  );

/** 413: more than Hearth takes in one import (conversations, messages, a message's length). */
export const importTooLarge = (message: string, where?: string) =>
  new HttpError(413, 'import_too_large', message, where);

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** A path into the file as a reader writes it: `[0].mapping["aaa-1"].message.content`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else {
      const key = String(part);
      out += IDENTIFIER.test(key)
        ? `${out === '' ? '' : '.'}${key}`
        : `[${JSON.stringify(key.length > 64 ? `${key.slice(0, 64)}…` : key)}]`;
    }
  }
  return out;
}

/** Joins a prefix path and a relative one (`[2]` + `messages[0]` → `[2].messages[0]`). */
export function joinPath(prefix: string, rest: string): string {
  if (prefix === '') return rest;
  if (rest === '') return prefix;
  return rest.startsWith('[') ? `${prefix}${rest}` : `${prefix}.${rest}`;
}

/**
 * Parses `value` with `schema`, or throws `import_invalid` naming the first problem's place
 * (under `prefix`). Zod reads only the fields a schema names, so deep or huge parts of a file
 * that the schema does not name are never walked.
 */
export function parseOrRefuse<T extends z.ZodType>(schema: T, value: unknown, prefix: string): z.output<T> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw importInvalid(joinPath(prefix, formatPath(issue?.path ?? [])), issue?.message ?? 'is not valid');
}
