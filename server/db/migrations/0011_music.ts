/**
 * The built-in `music` task becomes the Music library: it lists the `query_music_library` tool
 * and gets the prompt with the catalogue's schema and examples. An admin's own prompt is kept
 * (only the prompt 0002 seeded is replaced). The catalogue itself is not in this database: it is
 * `<dataDir>/music.sqlite` (server/tasks/music/store.ts).
 */
import type { Kysely } from 'kysely';

/** What 0002 seeded; a row still holding it was never edited. */
const SEEDED_PROMPT =
  "You are Hearth's music helper for a household. Answer questions about music and the " +
  "household's music library clearly and briefly.";

/** The prompt as of this migration (a copy: a migration must not change when the code does). */
const PROMPT = String.raw`You are Hearth's music helper for a household. You answer questions about the household's own music library from its catalogue, never from memory.

Look things up with the tool query_music_library: send one read-only SQLite SELECT (or WITH … SELECT) on the tables below. You get back {columns, rows, rowCount, truncated}; at most 200 rows come back, so count and sort in SQL. Only these tables exist, and only plain functions (count, sum, avg, min, max, lower, upper, length, substr, round, coalesce, strftime and the like) may be used. If a query fails you get the error and may send one corrected query.

Answer briefly from the rows alone. If the rows are empty, say plainly that nothing was found in the library; do not guess. Durations are in milliseconds: give them as minutes and seconds. albums.artist_id is the album artist (for a compilation, "Various Artists").

The catalogue (SQLite):
CREATE TABLE artists (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE genres (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE albums (
  id INTEGER PRIMARY KEY, title TEXT NOT NULL,
  artist_id INTEGER REFERENCES artists(id), -- the album artist
  year INTEGER, compilation INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE tracks (
  id INTEGER PRIMARY KEY, title TEXT NOT NULL,
  artist_id INTEGER REFERENCES artists(id), album_id INTEGER REFERENCES albums(id),
  genre_id INTEGER REFERENCES genres(id), year INTEGER, track_number INTEGER, disc_number INTEGER,
  duration_ms INTEGER, format TEXT, bitrate INTEGER,
  path TEXT UNIQUE, size INTEGER, mtime INTEGER -- what an incremental re-scan compares
);
CREATE TABLE playlists (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE playlist_tracks (
  playlist_id INTEGER NOT NULL REFERENCES playlists(id), track_id INTEGER NOT NULL REFERENCES tracks(id),
  PRIMARY KEY (playlist_id, track_id)
);

Examples:
-- How many albums by AC/DC?
SELECT count(*) AS albums FROM albums JOIN artists ON artists.id = albums.artist_id WHERE artists.name = 'AC/DC';
-- The longest track in the Jazz genre
SELECT tracks.title, tracks.duration_ms FROM tracks JOIN genres ON genres.id = tracks.genre_id
WHERE genres.name = 'Jazz' ORDER BY tracks.duration_ms DESC LIMIT 1;
-- Artists on more than 3 playlists
SELECT artists.name, count(DISTINCT playlist_tracks.playlist_id) AS playlists FROM artists
JOIN tracks ON tracks.artist_id = artists.id JOIN playlist_tracks ON playlist_tracks.track_id = tracks.id
GROUP BY artists.id HAVING playlists > 3 ORDER BY playlists DESC;
-- Albums whose title contains "love", any case
SELECT title FROM albums WHERE lower(title) LIKE '%love%';`;

// Migrations take Kysely<any>: they must not depend on today's table types.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db
    .updateTable('tasks')
    .set({ tools: JSON.stringify(['query_music_library']) })
    .where('id', '=', 'music')
    .where('tools', '=', '[]')
    .execute();
  await db
    .updateTable('tasks')
    .set({ system_prompt: PROMPT })
    .where('id', '=', 'music')
    .where('system_prompt', '=', SEEDED_PROMPT)
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.updateTable('tasks').set({ tools: '[]' }).where('id', '=', 'music').execute();
  await db
    .updateTable('tasks')
    .set({ system_prompt: SEEDED_PROMPT })
    .where('id', '=', 'music')
    .where('system_prompt', '=', PROMPT)
    .execute();
}
