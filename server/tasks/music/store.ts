/**
 * The music catalogue's own SQLite file (`<dataDir>/music.sqlite`), apart from Hearth's database,
 * so the connection that runs the model's SQL cannot reach Hearth's tables even if validation
 * were wrong. Its schema is created here, not by Hearth's migrations; the table and column names
 * are fixed by API.md ("Music library"). The file stays in rollback-journal mode (no WAL) so a
 * read-only connection in another process never needs to write a `-shm` file.
 */
import path from 'node:path';
import Database from 'better-sqlite3';

/** The catalogue's tables, as the model sees them (and as the validator allows them). */
export const CATALOGUE_TABLES = ['artists', 'albums', 'tracks', 'genres', 'playlists', 'playlist_tracks'] as const;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS artists (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS genres (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS albums (
  id INTEGER PRIMARY KEY, title TEXT NOT NULL,
  artist_id INTEGER REFERENCES artists(id), -- the album artist
  year INTEGER, compilation INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS tracks (
  id INTEGER PRIMARY KEY, title TEXT NOT NULL,
  artist_id INTEGER REFERENCES artists(id), album_id INTEGER REFERENCES albums(id),
  genre_id INTEGER REFERENCES genres(id), year INTEGER, track_number INTEGER, disc_number INTEGER,
  duration_ms INTEGER, format TEXT, bitrate INTEGER,
  path TEXT UNIQUE, size INTEGER, mtime INTEGER -- what an incremental re-scan compares
);
CREATE TABLE IF NOT EXISTS playlists (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS playlist_tracks (
  playlist_id INTEGER NOT NULL REFERENCES playlists(id), track_id INTEGER NOT NULL REFERENCES tracks(id),
  PRIMARY KEY (playlist_id, track_id)
);
CREATE INDEX IF NOT EXISTS albums_artist ON albums(artist_id);
CREATE INDEX IF NOT EXISTS tracks_album ON tracks(album_id);
CREATE INDEX IF NOT EXISTS tracks_artist ON tracks(artist_id);
CREATE INDEX IF NOT EXISTS tracks_genre ON tracks(genre_id);
CREATE INDEX IF NOT EXISTS playlist_tracks_track ON playlist_tracks(track_id);
CREATE TABLE IF NOT EXISTS catalogue_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
`;

/**
 * The catalogue's tables as the model reads them in the music task's prompt: the CREATE TABLE
 * statements of the schema above (indexes and Hearth's own bookkeeping table left out), so the
 * prompt can never drift from the real columns.
 */
export const CATALOGUE_SCHEMA_SQL: string = SCHEMA.split(';')
  .map((statement) => statement.trim())
  .filter((statement) => CATALOGUE_TABLES.some((t) => statement.startsWith(`CREATE TABLE IF NOT EXISTS ${t} (`)))
  .map((statement) => `${statement.replace('IF NOT EXISTS ', '')};`)
  .join('\n');

/** The writable catalogue (import, later the scanner): its file and its one read-write connection. */
export type Catalogue = { file: string; db: Database.Database; close(): void };

/** Where the catalogue lives in a data dir. */
export const catalogueFile = (dataDir: string): string => path.join(dataDir, 'music.sqlite');

/** Opens (creating if needed) the catalogue in `dataDir` and makes sure its tables exist. */
export function openCatalogue(dataDir: string): Catalogue {
  const file = catalogueFile(dataDir);
  const db = new Database(file);
  db.pragma('journal_mode = DELETE');
  db.pragma('foreign_keys = ON');
  db.exec(SCHEMA);
  return { file, db, close: () => db.close() };
}

/** A value Hearth keeps in the catalogue about itself (the last scan's time), or undefined. */
export function readMeta({ db }: Catalogue, key: string): string | undefined {
  const row = db.prepare('SELECT value FROM catalogue_meta WHERE key = ?').get(key) as { value: string } | undefined;
  return row?.value;
}

/** Sets one of the catalogue's own values. */
export function writeMeta({ db }: Catalogue, key: string, value: string): void {
  db.prepare(
    'INSERT INTO catalogue_meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
  ).run(key, value);
}
