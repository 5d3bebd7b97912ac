/**
 * Photos and files: stored under `<dataDir>/uploads/` with random names (the member's file name
 * is only data, never a path), read back only by the uploader and the members of a room where a
 * live message carries them. A deleted message (or room) takes its files with it.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import type { Attachment } from '#common/messaging';
import { nowIso } from '#server/db/database';
import { newId } from '#server/db/ids';
import { badRequest, notFound, tooLarge } from '#server/errors';
import type { MessagingDeps } from './access';
import * as uploadStore from './upload-store';

/** Types shown inline (as pictures); everything else is a download, served as opaque bytes. */
const INLINE_IMAGES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/avif']);
const MEDIA_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,63}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,127}$/;

/** The folder of uploaded files. */
export const uploadsDir = (deps: Pick<MessagingDeps, 'config'>) => path.join(deps.config.dataDir, 'uploads');

/** A file name fit to show: no folders, no control characters, not empty, not endless. */
function cleanName(name: string | undefined): string {
  const base = (name ?? '').split(/[/\\]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex -- control characters are exactly what goes
  const cleaned = [...base.replace(/[\u0000-\u001f\u007f]/g, '').trim()].slice(0, 200).join('');
  return cleaned || 'file';
}

/** Stores one uploaded file stream; 413 past the limit (nothing is kept then). */
export async function saveUpload(
  deps: MessagingDeps,
  userId: string,
  file: { stream: Readable & { truncated?: boolean }; filename: string | undefined; mimetype: string | undefined },
): Promise<Attachment> {
  const dir = uploadsDir(deps);
  await fs.promises.mkdir(dir, { recursive: true, mode: 0o700 });
  const stored = randomBytes(24).toString('hex');
  const target = path.join(dir, stored);
  const limitMb = Math.round((deps.config.maxUploadBytes / 1024 / 1024) * 10) / 10;
  const refuse = () => tooLarge(`That file is too large: the limit is ${limitMb} MB.`, 'file', { limitMb });
  try {
    await pipeline(file.stream, fs.createWriteStream(target, { flags: 'wx', mode: 0o600 }));
  } catch (err) {
    await fs.promises.rm(target, { force: true });
    if ((err as { statusCode?: number }).statusCode === 413) throw refuse();
    throw err;
  }
  if (file.stream.truncated) {
    await fs.promises.rm(target, { force: true });
    throw refuse();
  }
  const size = (await fs.promises.stat(target)).size;
  const type = (file.mimetype ?? '').toLowerCase();
  const row: uploadStore.UploadRow = {
    id: newId(),
    userId,
    name: cleanName(file.filename),
    type: MEDIA_TYPE.test(type) ? type : 'application/octet-stream',
    size,
    file: stored,
    createdAt: nowIso(),
  };
  await uploadStore.insertUpload(deps.db, row);
  return { id: row.id, name: row.name, type: row.type, size: row.size };
}

/** `Content-Disposition` with the name in both the plain and the UTF-8 form. */
function disposition(kind: 'inline' | 'attachment', name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/** An upload to send: its bytes and the headers that keep it from ever running as a page. */
export async function openUpload(
  deps: MessagingDeps,
  userId: string,
  uploadId: string,
): Promise<{ stream: fs.ReadStream; headers: Record<string, string> }> {
  const row = await uploadStore.findReadableUpload(deps.db, uploadId, userId);
  if (!row) throw notFound('That file');
  const inline = INLINE_IMAGES.has(row.type);
  const file = path.join(uploadsDir(deps), path.basename(row.file));
  let stream: fs.ReadStream;
  try {
    await fs.promises.access(file);
    stream = fs.createReadStream(file);
  } catch {
    throw notFound('That file');
  }
  return {
    stream,
    headers: {
      'content-type': inline ? row.type : 'application/octet-stream',
      'content-length': String(row.size),
      'content-disposition': disposition(inline ? 'inline' : 'attachment', row.name),
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'; img-src 'self'; sandbox",
      'cross-origin-resource-policy': 'same-origin',
      'cache-control': 'private, max-age=3600',
    },
  };
}

/** The uploads the sender may attach to a new message: their own, not posted yet; else 400. */
export async function checkAttachable(deps: MessagingDeps, userId: string, ids: readonly string[]): Promise<string[]> {
  const unique = [...new Set(ids)];
  const ok = new Set(await uploadStore.unpostedUploadsOf(deps.db, userId, unique));
  const bad = unique.findIndex((id) => !ok.has(id));
  if (bad >= 0) throw badRequest('attachmentIds: that file was not found (upload it again).', `attachmentIds.${bad}`);
  return unique;
}

/** Forgets files and removes their bytes (after the message or room that carried them went). */
async function dropFiles(deps: MessagingDeps, uploadIds: readonly string[]): Promise<void> {
  const files = await uploadStore.dropUploads(deps.db, uploadIds);
  for (const name of files)
    await fs.promises.rm(path.join(uploadsDir(deps), path.basename(name)), { force: true }).catch((err: unknown) => {
      deps.log.warn({ err }, 'could not remove an uploaded file');
    });
}

/** Runs `remove` (the message's deletion), then drops the files it carried. */
export async function removeFilesOfMessage(
  deps: MessagingDeps,
  messageId: string,
  remove: () => Promise<unknown>,
): Promise<void> {
  const ids = await uploadStore.uploadIdsOfMessage(deps.db, messageId);
  await remove();
  await dropFiles(deps, ids);
}

/** Runs `remove` (the room's deletion), then drops the files its messages carried. */
export async function removeFilesOfRoom(
  deps: MessagingDeps,
  roomId: string,
  remove: () => Promise<unknown>,
): Promise<void> {
  const ids = await uploadStore.uploadIdsOfRoom(deps.db, roomId);
  await remove();
  await dropFiles(deps, ids);
}
