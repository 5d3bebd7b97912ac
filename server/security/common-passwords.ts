/**
 * The 10,000 most common passwords (common-passwords.txt, provenance in common-passwords.md),
 * refused wherever a password is set: setup, admin create/reset, the CLI, sign-up and password
 * change all go through the accounts service, which calls assertNotCommonPassword.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fieldError } from './field-words';

const FILE = 'common-passwords.txt';

/** How many passwords the shipped list holds (a test checks the file against it). */
export const COMMON_PASSWORD_COUNT = 10_000;

/** The list beside this module (sources, tests) or under server/security of the install (bundle in dist/server). */
function findList(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [path.join(here, FILE), path.resolve(here, '../../server/security', FILE)];
  const found = candidates.find((c) => fs.existsSync(c));
  if (!found) throw new Error(`The common-password list is missing (looked for ${candidates.join(', ')}).`);
  return found;
}

let cached: ReadonlySet<string> | null = null;

/**
 * The list as a set, read once. Throws when the file is missing: refusing to start beats
 * silently accepting "password1".
 */
export function commonPasswords(): ReadonlySet<string> {
  if (!cached) {
    const lines = fs
      .readFileSync(findList(), 'utf8')
      .split('\n')
      .filter((line) => line !== '');
    cached = new Set(lines);
  }
  return cached;
}

/** Whether `password` is on the list. Case-insensitive: "Password1" is as guessable as "password1". */
export function isCommonPassword(password: string): boolean {
  return commonPasswords().has(password.toLowerCase());
}

/** @throws 400 naming `field` when `password` is one of the 10,000 most common passwords */
export function assertNotCommonPassword(password: string, field = 'password'): void {
  if (isCommonPassword(password)) {
    throw fieldError(field, 'is one of the 10,000 most common passwords; choose another', { rule: 'common_password' });
  }
}
