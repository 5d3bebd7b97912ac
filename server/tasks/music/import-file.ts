/**
 * An uploaded Chinook file, checked before anything in the catalogue is replaced: written to a
 * temporary file in the data dir, it must be an SQLite database whose Chinook tables are real
 * tables (not views, which could run code on read) with the columns the import copies.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { HttpError } from '#server/errors';
import type { ImportCounts } from './import-chinook';
import type { MusicLibrary } from './library';

/** The columns the import reads, by Chinook table. */
const REQUIRED: Readonly<Record<string, readonly string[]>> = {
  Artist: ['ArtistId', 'Name'],
  Album: ['AlbumId', 'Title', 'ArtistId'],
  Genre: ['GenreId', 'Name'],
  MediaType: ['MediaTypeId', 'Name'],
  Track: ['TrackId', 'Name', 'AlbumId', 'MediaTypeId', 'GenreId', 'Milliseconds', 'Bytes'],
  Playlist: ['PlaylistId', 'Name'],
  PlaylistTrack: ['PlaylistId', 'TrackId'],
};

const invalid = (message: string) => new HttpError(400, 'import_invalid', message);

/** Throws 400 `import_invalid` naming what is wrong when `file` is not a Chinook-shaped database. */
export function checkChinookFile(file: string): void {
  const header = Buffer.alloc(16);
  const fd = fs.openSync(file, 'r');
  try {
    fs.readSync(fd, header, 0, 16, 0);
  } finally {
    fs.closeSync(fd);
  }
  if (header.toString('latin1') !== 'SQLite format 3\0') throw invalid('The file is not an SQLite database.');
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    for (const [table, columns] of Object.entries(REQUIRED)) {
      const kind = db.prepare('SELECT type FROM sqlite_master WHERE name = ? COLLATE NOCASE').get(table) as
        { type: string } | undefined;
      if (kind?.type !== 'table') throw invalid(`The file has no ${table} table, so it is not a Chinook catalogue.`);
      const have = new Set(
        (db.prepare('SELECT name FROM pragma_table_info(?)').all(table) as { name: string }[]).map((c) =>
          c.name.toLowerCase(),
        ),
      );
      const missing = columns.filter((c) => !have.has(c.toLowerCase()));
      if (missing.length) throw invalid(`The ${table} table has no ${missing.join(', ')} column.`);
    }
  } catch (err) {
    if (err instanceof HttpError) throw err;
    throw invalid('The file could not be read as an SQLite database; it may be damaged.');
  } finally {
    db?.close();
  }
}

/** Checks an uploaded file's bytes and imports them; the temporary copy is always removed. */
export function importUploadedChinook(library: MusicLibrary, dataDir: string, bytes: Buffer): ImportCounts {
  if (bytes.length === 0) throw invalid('The file is empty.');
  const temp = path.join(dataDir, `music-import-${randomUUID()}.sqlite`);
  fs.writeFileSync(temp, bytes, { mode: 0o600 });
  try {
    checkChinookFile(temp);
    return library.importChinook(temp);
  } finally {
    fs.rmSync(temp, { force: true });
  }
}
