/**
 * Password hashing: argon2id with the OWASP-recommended parameters (19 MiB, 2 passes, 1 lane).
 * The hash string carries its parameters, so raising them later still verifies old hashes.
 */
import { randomBytes } from 'node:crypto';

/** The argon2 binding, loaded on the first sign-in or password change, not at start (memory). */
const argon2 = () => import('@node-rs/argon2');

/** OWASP Password Storage Cheat Sheet: argon2id, m=19456 KiB, t=2, p=1. */
const argon2Options = {
  // Algorithm.Argon2id; the package's enum is a `const enum`, which isolatedModules cannot read.
  algorithm: 2,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
} as const;

/** Hashes a password (PHC string, `$argon2id$…`). */
export async function hashPassword(password: string): Promise<string> {
  return (await argon2()).hash(password, argon2Options);
}

/** Whether `password` matches `passwordHash`; a malformed hash counts as no match. */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await (await argon2()).verify(passwordHash, password);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | null = null;

/**
 * Spends the same time as a real verification, for an unknown user or one without a password,
 * so the answer time does not tell which usernames exist. Always false.
 */
export async function verifyAgainstDummy(password: string): Promise<false> {
  dummyHash ??= hashPassword(randomBytes(24).toString('base64url'));
  await verifyPassword(await dummyHash, password);
  return false;
}
