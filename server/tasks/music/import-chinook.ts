/**
 * Imports a Chinook-shaped SQLite file (tables Artist, Album, Track, Genre, MediaType, Playlist,
 * PlaylistTrack) into the catalogue, replacing what it held, in one transaction: a failed import
 * leaves the previous catalogue as it was. Chinook has no album year (left null), no paths (a
 * `chinook:<TrackId>` placeholder keeps `path` unique) and no compilations.
 */
import Database from 'better-sqlite3';
import type { Catalogue } from './store';

/** How many rows of each kind the catalogue holds after an import. */
export type ImportCounts = { artists: number; albums: number; tracks: number; genres: number; playlists: number };

const COPY = [
  'DELETE FROM playlist_tracks',
  'DELETE FROM playlists',
  'DELETE FROM tracks',
  'DELETE FROM albums',
  'DELETE FROM genres',
  'DELETE FROM artists',
  'INSERT INTO artists (id, name) SELECT ArtistId, Name FROM src.Artist',
  'INSERT INTO genres (id, name) SELECT GenreId, Name FROM src.Genre',
  'INSERT INTO albums (id, title, artist_id, year, compilation) SELECT AlbumId, Title, ArtistId, NULL, 0 FROM src.Album',
  `INSERT INTO tracks (id, title, artist_id, album_id, genre_id, duration_ms, format, path, size)
     SELECT t.TrackId, t.Name, a.ArtistId, t.AlbumId, t.GenreId, t.Milliseconds, m.Name, 'chinook:' || t.TrackId, t.Bytes
     FROM src.Track t LEFT JOIN src.Album a ON a.AlbumId = t.AlbumId LEFT JOIN src.MediaType m ON m.MediaTypeId = t.MediaTypeId`,
  'INSERT INTO playlists (id, name) SELECT PlaylistId, Name FROM src.Playlist',
  'INSERT INTO playlist_tracks (playlist_id, track_id) SELECT DISTINCT PlaylistId, TrackId FROM src.PlaylistTrack',
];

/** Replaces the catalogue's contents with `chinookFile`'s and returns the new counts. */
export function importChinook(catalogue: Catalogue, chinookFile: string): ImportCounts {
  // Opened first, read-only, so a missing or non-SQLite file fails before anything is attached.
  new Database(chinookFile, { readonly: true, fileMustExist: true }).close();
  const { db } = catalogue;
  db.prepare('ATTACH DATABASE ? AS src').run(chinookFile);
  try {
    db.transaction(() => COPY.forEach((sql) => db.exec(sql)))();
  } finally {
    db.exec('DETACH DATABASE src');
  }
  return countCatalogue(catalogue);
}

/** The catalogue's row counts (also what `GET /api/music/stats` will answer). */
export function countCatalogue({ db }: Catalogue): ImportCounts {
  const count = (table: string) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  return {
    artists: count('artists'),
    albums: count('albums'),
    tracks: count('tracks'),
    genres: count('genres'),
    playlists: count('playlists'),
  };
}
