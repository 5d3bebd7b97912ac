/**
 * Scans a folder of audio files into the catalogue with music-metadata (v11: Node 20). Re-scans
 * are incremental: a file whose size and mtime are what the catalogue holds is not read again;
 * files that vanished are removed (with the albums, artists and genres only they used). Untagged
 * files fall back to their file and folder names; unreadable ones are reported and skipped;
 * anything that is not audio by its extension is ignored.
 *
 * Off the request path: files are read in batches, each batch written in one transaction, and
 * the event loop gets a turn between batches, so chat keeps answering during a 50,000-file scan.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type Database from 'better-sqlite3';
import { parseFile, type IAudioMetadata } from 'music-metadata';
import type { MusicScanFailure } from '#common/music';
import { tagsFromFile, type TrackTags } from './scan-tags';
import { writeMeta, type Catalogue } from './store';

/** File name endings the scanner reads; everything else in the folder is ignored. */
export const AUDIO_EXTENSIONS: ReadonlySet<string> = new Set([
  ...['.mp3', '.flac', '.m4a', '.mp4', '.aac', '.ogg', '.oga', '.opus', '.wav', '.aif', '.aiff', '.wma'],
]);

/** How a scan stands (also what its progress callback receives). */
export type ScanCounts = { seen: number; added: number; updated: number; removed: number; failed: MusicScanFailure[] };

/** Options of one scan. */
export type ScanOptions = {
  /** Called once the folder is listed, with how many audio files it holds. */
  onStart?: (total: number) => void;
  /** Called after each batch and once at the end. */
  onProgress?: (counts: ScanCounts) => void;
  /** Files read per batch (one transaction each). */
  batchSize?: number;
  signal?: AbortSignal;
};

/** Every audio file under `root` (absolute paths), by its extension. */
async function audioFiles(root: string): Promise<string[]> {
  const entries = await fs.readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && AUDIO_EXTENSIONS.has(path.extname(e.name).toLowerCase()))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

/** A track the catalogue already holds: what a re-scan compares, and what it may leave orphaned. */
type Known = {
  id: number;
  size: number | null;
  mtime: number | null;
  artist_id: number | null;
  album_id: number | null;
  genre_id: number | null;
};

/** One file as a batch read it: unchanged, unreadable, or its new fields. */
type Read =
  | { file: string; unchanged: true }
  | { file: string; failed: true }
  | { file: string; size: number; mtime: number; before: Known | undefined; tags: TrackTags };

/** Files written per transaction. */
const COMMIT_EVERY = 500;

/** Reads a file's tags; a file with no audio music-metadata can measure is unreadable. */
async function readTags(file: string): Promise<IAudioMetadata> {
  let metadata = await parseFile(file, { skipCovers: true });
  // Without a header giving the length, count the frames; a file with none holds no audio.
  if (!metadata.format.duration) metadata = await parseFile(file, { skipCovers: true, duration: true });
  if (!metadata.format.duration) throw new Error('No playable audio was found in it; it may be damaged.');
  return metadata;
}

const statements = new WeakMap<Database.Database, Map<string, Database.Statement>>();

/** The prepared statement of `sql` on `db`, prepared once (a scan runs a few per file). */
function cached(db: Database.Database, sql: string): Database.Statement {
  let byText = statements.get(db);
  if (!byText) statements.set(db, (byText = new Map<string, Database.Statement>()));
  let statement = byText.get(sql);
  if (!statement) byText.set(sql, (statement = db.prepare(sql)));
  return statement;
}

/** Finds or makes the row of a name in artists or genres. */
function nameId(catalogue: Catalogue, table: 'artists' | 'genres', name: string | null): number | null {
  if (!name) return null;
  const { db } = catalogue;
  const found = cached(db, `SELECT id FROM ${table} WHERE name = ?`).get(name) as { id: number } | undefined;
  return found?.id ?? Number(cached(db, `INSERT INTO ${table} (name) VALUES (?)`).run(name).lastInsertRowid);
}

/** Finds or makes an album by its title and album artist. */
function albumId(catalogue: Catalogue, tags: TrackTags, albumArtistId: number | null): number | null {
  if (!tags.album) return null;
  const { db } = catalogue;
  const found = cached(db, 'SELECT id FROM albums WHERE title = ? AND artist_id IS ?').get(
    tags.album,
    albumArtistId,
  ) as { id: number } | undefined;
  if (found) {
    cached(db, 'UPDATE albums SET year = coalesce(year, ?), compilation = max(compilation, ?) WHERE id = ?').run(
      tags.year,
      tags.compilation ? 1 : 0,
      found.id,
    );
    return found.id;
  }
  return Number(
    cached(db, 'INSERT INTO albums (title, artist_id, year, compilation) VALUES (?, ?, ?, ?)').run(
      tags.album,
      albumArtistId,
      tags.year,
      tags.compilation ? 1 : 0,
    ).lastInsertRowid,
  );
}

/** Writes one file's row (insert or update by path). */
function saveTrack(catalogue: Catalogue, file: string, size: number, mtime: number, tags: TrackTags): void {
  const artistId = nameId(catalogue, 'artists', tags.artist);
  const albumArtistId = tags.albumArtist === tags.artist ? artistId : nameId(catalogue, 'artists', tags.albumArtist);
  const row = {
    title: tags.title,
    artist_id: artistId,
    album_id: albumId(catalogue, tags, albumArtistId),
    genre_id: nameId(catalogue, 'genres', tags.genre),
    year: tags.year,
    track_number: tags.trackNumber,
    disc_number: tags.discNumber,
    duration_ms: tags.durationMs,
    format: tags.format,
    bitrate: tags.bitrate,
    path: file,
    size,
    mtime,
  };
  cached(
    catalogue.db,
    `INSERT INTO tracks (title, artist_id, album_id, genre_id, year, track_number, disc_number, duration_ms, format, bitrate, path, size, mtime)
       VALUES (@title, @artist_id, @album_id, @genre_id, @year, @track_number, @disc_number, @duration_ms, @format, @bitrate, @path, @size, @mtime)
       ON CONFLICT(path) DO UPDATE SET title = excluded.title, artist_id = excluded.artist_id, album_id = excluded.album_id,
         genre_id = excluded.genre_id, year = excluded.year, track_number = excluded.track_number,
         disc_number = excluded.disc_number, duration_ms = excluded.duration_ms, format = excluded.format,
         bitrate = excluded.bitrate, size = excluded.size, mtime = excluded.mtime`,
  ).run(row);
}

/** Deletes albums, artists and genres among `ids` that nothing refers to any more. */
function pruneOrphans(catalogue: Catalogue, touched: readonly Known[]): void {
  const { db } = catalogue;
  const albums = new Set(touched.map((k) => k.album_id).filter((id) => id !== null));
  for (const id of albums)
    cached(db, 'DELETE FROM albums WHERE id = ? AND NOT EXISTS (SELECT 1 FROM tracks WHERE album_id = ?)').run(id, id);
  const artists = new Set(touched.map((k) => k.artist_id).filter((id) => id !== null));
  for (const id of artists)
    cached(
      db,
      `DELETE FROM artists WHERE id = ? AND NOT EXISTS (SELECT 1 FROM tracks WHERE artist_id = ?)
         AND NOT EXISTS (SELECT 1 FROM albums WHERE artist_id = ?)`,
    ).run(id, id, id);
  const genres = new Set(touched.map((k) => k.genre_id).filter((id) => id !== null));
  for (const id of genres)
    cached(db, 'DELETE FROM genres WHERE id = ? AND NOT EXISTS (SELECT 1 FROM tracks WHERE genre_id = ?)').run(id, id);
}

/** The catalogue's tracks under `root`, by path. */
function knownTracks(catalogue: Catalogue, root: string): Map<string, Known> {
  const prefix = root.endsWith(path.sep) ? root : root + path.sep;
  const rows = cached(
    catalogue.db,
    'SELECT id, path, size, mtime, artist_id, album_id, genre_id FROM tracks WHERE substr(path, 1, ?) = ?',
  ).all(prefix.length, prefix) as (Known & { path: string })[];
  return new Map(rows.map((r) => [r.path, r]));
}

/**
 * Scans `folder` (made absolute) into the catalogue; resolves with the final counts.
 * @throws when the folder cannot be listed
 */
export async function scanFolder(catalogue: Catalogue, folder: string, options: ScanOptions = {}): Promise<ScanCounts> {
  const root = path.resolve(folder);
  const batchSize = options.batchSize ?? 50;
  const counts: ScanCounts = { seen: 0, added: 0, updated: 0, removed: 0, failed: [] };
  const files = await audioFiles(root);
  options.onStart?.(files.length);
  const known = knownTracks(catalogue, root);
  const present = new Set<string>();
  const replaced: Known[] = [];
  const pending: Read[] = [];
  const write = (items: readonly Read[]) =>
    catalogue.db.transaction(() => {
      for (const item of items) {
        if ('unchanged' in item || 'failed' in item) continue;
        saveTrack(catalogue, item.file, item.size, item.mtime, item.tags);
        if (item.before) {
          counts.updated++;
          replaced.push(item.before);
        } else counts.added++;
      }
    })();

  for (let start = 0; start < files.length; start += batchSize) {
    options.signal?.throwIfAborted();
    const batch = files.slice(start, start + batchSize);
    // Read the batch's tags in parallel (I/O), then write them in one transaction.
    const read: Read[] = await Promise.all(
      batch.map(async (file) => {
        try {
          const stat = await fs.stat(file);
          present.add(file);
          const mtime = Math.floor(stat.mtimeMs);
          const before = known.get(file);
          if (before && before.size === stat.size && before.mtime === mtime) return { file, unchanged: true as const };
          return { file, size: stat.size, mtime, before, tags: tagsFromFile(root, file, await readTags(file)) };
        } catch (err) {
          counts.failed.push({ path: file, reason: err instanceof Error ? err.message : String(err) });
          return { file, failed: true as const };
        }
      }),
    );
    counts.seen += read.length;
    pending.push(...read);
    // Written in groups of COMMIT_EVERY files: each commit syncs the file to disk, which costs
    // more than the writes themselves; a group's commit is still short for the query process.
    if (pending.length >= COMMIT_EVERY || start + batchSize >= files.length) write(pending.splice(0));
    options.onProgress?.(counts);
    await nextTurn();
  }

  // Gone from the folder (or now unreadable, so no longer playable): out of the catalogue.
  const unreadable = new Set(counts.failed.map((f) => f.path));
  const vanished = [...known].filter(([file]) => !present.has(file) || unreadable.has(file));
  catalogue.db.transaction(() => {
    for (const [, row] of vanished) {
      cached(catalogue.db, 'DELETE FROM playlist_tracks WHERE track_id = ?').run(row.id);
      cached(catalogue.db, 'DELETE FROM tracks WHERE id = ?').run(row.id);
      counts.removed++;
    }
    pruneOrphans(catalogue, [...replaced, ...vanished.map(([, row]) => row)]);
    writeMeta(catalogue, 'lastScanAt', new Date().toISOString());
  })();
  options.onProgress?.(counts);
  return counts;
}
