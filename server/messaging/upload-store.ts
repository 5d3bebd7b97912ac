/**
 * Uploaded files' records (the bytes live under `<dataDir>/uploads/`, see uploads.ts) and who may
 * read them: the uploader, and members of a room where a live message carries the file.
 */
import type { Db } from '#server/db/database';
import type { UploadsTable } from '#server/db/schema';
import type { Selectable } from 'kysely';

export type UploadRow = Selectable<UploadsTable>;

/** Records a stored file. */
export async function insertUpload(db: Db, row: UploadRow): Promise<void> {
  await db.insertInto('uploads').values(row).execute();
}

/** The upload, if `userId` may read it (uploader, or a member of a room it is posted in). */
export async function findReadableUpload(db: Db, uploadId: string, userId: string): Promise<UploadRow | undefined> {
  return db
    .selectFrom('uploads')
    .selectAll()
    .where('id', '=', uploadId)
    .where((eb) =>
      eb.or([
        eb('userId', '=', userId),
        eb.exists(
          eb
            .selectFrom('roomAttachments as a')
            .innerJoin('roomMessages as m', 'm.id', 'a.messageId')
            .innerJoin('roomMembers as rm', 'rm.roomId', 'm.roomId')
            .select('a.uploadId')
            .whereRef('a.uploadId', '=', 'uploads.id')
            .where('rm.userId', '=', userId)
            .where('m.deletedAt', 'is', null),
        ),
      ]),
    )
    .executeTakeFirst();
}

/** Whether a file is attached to any live message (else: only its uploader may still read it). */
export async function isPosted(db: Db, uploadId: string): Promise<boolean> {
  const row = await db
    .selectFrom('roomAttachments')
    .select('uploadId')
    .where('uploadId', '=', uploadId)
    .executeTakeFirst();
  return row !== undefined;
}

/** Uploads of `userId` among `ids` that are not attached to a message yet (the ones they may post). */
export async function unpostedUploadsOf(db: Db, userId: string, ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('uploads')
    .select('id')
    .where('id', 'in', ids)
    .where('userId', '=', userId)
    .where((eb) =>
      eb.not(eb.exists(eb.selectFrom('roomAttachments').select('uploadId').whereRef('uploadId', '=', 'uploads.id'))),
    )
    .execute();
  return rows.map((r) => r.id);
}

/** Forgets the records of files whose message was deleted; returns their file names (to unlink). */
export async function dropUploads(db: Db, ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await db.deleteFrom('uploads').where('id', 'in', ids).returning('file').execute();
  return rows.map((r) => r.file);
}

/** Files attached to a message (before it is tombstoned). */
export async function uploadIdsOfMessage(db: Db, messageId: string): Promise<string[]> {
  const rows = await db.selectFrom('roomAttachments').select('uploadId').where('messageId', '=', messageId).execute();
  return rows.map((r) => r.uploadId);
}

/** Files attached to a room's messages (before the room is deleted). */
export async function uploadIdsOfRoom(db: Db, roomId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('roomAttachments')
    .innerJoin('roomMessages', 'roomMessages.id', 'roomAttachments.messageId')
    .select('roomAttachments.uploadId')
    .where('roomMessages.roomId', '=', roomId)
    .execute();
  return rows.map((r) => r.uploadId);
}
