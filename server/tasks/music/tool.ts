/**
 * The Music library's tool: the model sends SQL, Hearth validates it (validate.ts) and runs it on
 * the catalogue (runner.ts); the model gets `{columns, rows, rowCount, truncated}` or a refusal it
 * can correct (an `sql_error` carries SQLite's own message).
 */
import type { GenerationTool } from '#server/generation/tools';
import type { CatalogueQueryRunner } from './runner';
import { validateCatalogueQuery } from './validate';

/** The tool's name, fixed by API.md. */
export const MUSIC_TOOL_NAME = 'query_music_library';

/** `query_music_library` over the given runner's catalogue. */
export function musicLibraryTool(runner: CatalogueQueryRunner): GenerationTool {
  return {
    name: MUSIC_TOOL_NAME,
    description:
      "Runs one read-only SQLite SELECT on the household's music catalogue and returns the rows " +
      `(at most ${runner.maxRows}). Tables: artists(id, name), albums(id, title, artist_id, year, compilation), ` +
      'tracks(id, title, artist_id, album_id, genre_id, year, track_number, disc_number, duration_ms, format, ' +
      'bitrate, path), genres(id, name), playlists(id, name), playlist_tracks(playlist_id, track_id).',
    parameters: {
      type: 'object',
      properties: { sql: { type: 'string', description: 'One SQLite SELECT statement' } },
      required: ['sql'],
      additionalProperties: false,
    },
    async run(args, { signal }) {
      const checked = validateCatalogueQuery(args.sql);
      if (!checked.ok) return { refused: checked.refused };
      return runner.run(checked.sql, signal);
    },
  };
}
