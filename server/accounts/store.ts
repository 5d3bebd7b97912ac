/**
 * The users table. The only code that queries it; everything else goes through the accounts
 * service.
 */
import type { Db } from '#server/db/database';
import type { NewUser, UserRow, UserUpdate } from '#server/db/schema';

/** Inserts a user row. Throws the driver's unique-constraint error on a taken username. */
export async function insertUser(db: Db, row: NewUser): Promise<void> {
  await db.insertInto('users').values(row).execute();
}

/** A user row by id, or undefined. */
export async function findUserRow(db: Db, id: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

/** A user row by (already normalised) username, or undefined. */
export async function findUserRowByUsername(db: Db, username: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
}

/** Every user, oldest first (the first admin at the top). */
export async function listUserRows(db: Db): Promise<UserRow[]> {
  return db.selectFrom('users').selectAll().orderBy('createdAt').orderBy('id').execute();
}

/** How many users exist. */
export async function countUserRows(db: Db): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirstOrThrow();
  // PostgreSQL returns count(*) as a string (bigint).
  return Number(row.n);
}

/** How many enabled admins exist (the last one must not lose the role). */
export async function countActiveAdmins(db: Db): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('role', '=', 'admin')
    .where('disabled', '=', 0)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Updates one user row; returns whether it existed. */
export async function updateUserRow(db: Db, id: string, patch: UserUpdate): Promise<boolean> {
  const result = await db.updateTable('users').set(patch).where('id', '=', id).executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Deletes one user row (sessions, tokens and conversations cascade); returns whether it existed. */
export async function deleteUserRow(db: Db, id: string): Promise<boolean> {
  const result = await db.deleteFrom('users').where('id', '=', id).executeTakeFirst();
  return result.numDeletedRows > 0n;
}
