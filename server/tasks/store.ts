/** The `tasks` table. The only code that touches it; everything else calls ./registry. */
import type { Selectable, Updateable } from 'kysely';
import type { Db } from '#server/db/database';
import type { TasksTable } from '#server/db/schema';

export type TaskRow = Selectable<TasksTable>;
export type TaskUpdate = Updateable<TasksTable>;

/** Every task in the admin's order, then built-ins first, then oldest first. */
export async function listTaskRows(db: Db): Promise<TaskRow[]> {
  return db
    .selectFrom('tasks')
    .selectAll()
    .orderBy('sortOrder')
    .orderBy('builtIn', 'desc')
    .orderBy('createdAt')
    .orderBy('id')
    .execute();
}

/** The highest sort order in use (0 when there are no tasks): a new task goes after it. */
export async function maxSortOrder(db: Db): Promise<number> {
  const row = await db
    .selectFrom('tasks')
    .select((eb) => eb.fn.max('sortOrder').as('top'))
    .executeTakeFirst();
  return Number(row?.top ?? 0);
}

/** One task by id, or undefined. */
export async function findTaskRow(db: Db, id: string): Promise<TaskRow | undefined> {
  return db.selectFrom('tasks').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Inserts a task; throws the driver's unique-constraint error when the id is taken. */
export async function insertTaskRow(db: Db, row: TaskRow): Promise<void> {
  await db.insertInto('tasks').values(row).execute();
}

/** Updates a task; returns whether it existed. */
export async function updateTaskRow(db: Db, id: string, patch: TaskUpdate): Promise<boolean> {
  const result = await db.updateTable('tasks').set(patch).where('id', '=', id).executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Deletes a task; returns whether it existed. */
export async function deleteTaskRow(db: Db, id: string): Promise<boolean> {
  const result = await db.deleteFrom('tasks').where('id', '=', id).executeTakeFirst();
  return result.numDeletedRows > 0n;
}
