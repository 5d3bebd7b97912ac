/**
 * A Hearth backup archive: a ZIP whose last entry, `manifest.json`, lists every other entry
 * with its size and SHA-256, so a restore can prove that what it unpacks is what was packed.
 * SQLite files are snapshots taken with SQLite's online backup (consistent while Hearth runs);
 * everything else (uploads) is stored as it was read.
 */
import { createHash } from 'node:crypto';
import { Transform } from 'node:stream';
import { z } from 'zod';

/** The manifest's entry name in the archive. */
export const MANIFEST_NAME = 'manifest.json';
/** Hearth's own database inside the archive (and in the data dir). */
export const DATABASE_NAME = 'hearth.sqlite';
/** The format's version: a restore refuses versions it does not know. */
export const FORMAT_VERSION = 1;
/** A manifest larger than this is not one Hearth wrote. */
export const MAX_MANIFEST_BYTES = 16 * 1024 * 1024;

/** `/`-separated, relative, no `.`/`..` parts, no backslashes or NULs: safe to join to a folder. */
export function isSafeEntryName(name: string): boolean {
  if (name === '' || name.startsWith('/') || name.includes('\\') || name.includes('\0')) return false;
  return name.split('/').every((part) => part !== '' && part !== '.' && part !== '..');
}

const EntryName = z.string().max(4096).refine(isSafeEntryName, 'is not a safe relative path');

/** One archived file. */
export const ManifestFile = z.object({
  path: EntryName.describe('Path inside the data dir and the archive, `/`-separated'),
  size: z.number().int().min(0),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  kind: z.enum(['sqlite', 'file']).describe('sqlite: an online-backup snapshot; file: copied as read'),
});
export type ManifestFile = z.infer<typeof ManifestFile>;

export const Manifest = z.object({
  format: z.literal('hearth-backup'),
  version: z.number().int(),
  created: z.iso.datetime({ offset: true }),
  /** The database's applied migrations: a restore refuses a backup from a newer Hearth. */
  migrations: z.array(z.string()),
  files: z.array(ManifestFile),
});
export type Manifest = z.infer<typeof Manifest>;

/**
 * A pass-through that hashes and counts what flows through it; `onBytes` sees each chunk's
 * length (the progress bar).
 */
export function hashingStream(onBytes: (n: number) => void = () => {}) {
  const hash = createHash('sha256');
  let size = 0;
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      size += chunk.length;
      onBytes(chunk.length);
      done(null, chunk);
    },
  });
  return { stream, result: () => ({ size, sha256: hash.digest('hex') }) };
}
