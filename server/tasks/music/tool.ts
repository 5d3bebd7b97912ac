/**
 * The Music library's tool: the model sends SQL, Hearth validates it (validate.ts) and runs it on
 * the catalogue (runner.ts); the model gets `{columns, rows, rowCount, truncated}` or a refusal it
 * can correct (an `sql_error` carries SQLite's own message). A reply gets one retry: after a
 * failed query the model may send one corrected query; a second failure ends its tries, and
 * later calls of the same reply are refused without running.
 */
import type { GenerationTool } from '#server/generation/tools';
import type { CatalogueQueryRunner } from './runner';
import { validateCatalogueQuery } from './validate';

/** The tool's name, fixed by API.md. */
export const MUSIC_TOOL_NAME = 'query_music_library';

/** Failed queries a reply may make before the tool stops running them (the first, then one retry). */
export const MAX_FAILED_QUERIES = 2;

/** Refusals that say nothing about the query (the reply was stopped), so they use up no try. */
const NOT_COUNTED = new Set(['stopped']);

/** `query_music_library` over the given runner's catalogue; make one per reply (it counts failures). */
export function musicLibraryTool(runner: CatalogueQueryRunner): GenerationTool {
  let failures = 0;
  return {
    name: MUSIC_TOOL_NAME,
    description:
      "Runs one read-only SQLite SELECT on the household's music catalogue and returns the rows " +
      `(at most ${runner.maxRows}). Tables: artists(id, name), albums(id, title, artist_id, year, compilation), ` +
      'tracks(id, title, artist_id, album_id, genre_id, year, track_number, disc_number, duration_ms, format, ' +
      'bitrate, path), genres(id, name), playlists(id, name), playlist_tracks(playlist_id, track_id). ' +
      'If a query fails you get the error and may send one corrected query.',
    parameters: {
      type: 'object',
      properties: { sql: { type: 'string', description: 'One SQLite SELECT statement' } },
      required: ['sql'],
      additionalProperties: false,
    },
    textForm: {
      fence: 'sql',
      argument: 'sql',
      instructions:
        'To look something up in the music catalogue, reply with only one SQLite SELECT statement in a ' +
        'fenced block that starts with ```sql and ends with ```. Hearth runs it and sends you the rows; ' +
        'then answer the question from those rows alone.',
    },
    async run(args, { signal }) {
      if (failures >= MAX_FAILED_QUERIES) {
        return {
          refused: {
            code: 'too_many_errors',
            message:
              'Two queries failed already; no more are run for this answer. Tell the member you could not find it.',
          },
        };
      }
      const checked = validateCatalogueQuery(args.sql);
      const outcome = checked.ok ? await runner.run(checked.sql, signal) : { refused: checked.refused };
      if ('refused' in outcome && !NOT_COUNTED.has(outcome.refused.code)) failures++;
      return outcome;
    },
  };
}
