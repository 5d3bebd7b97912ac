/**
 * The validator and the runner on their own and together as the `query_music_library` tool, on
 * a real catalogue file (Chinook) and a real child process.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReplyContext } from '#server/generation/sink';
import { INJECTION_CORPUS } from './injection-corpus';
import { CatalogueQueryRunner, type QueryResult } from './runner';
import type { Catalogue } from './store';
import { chinookCatalogue, sha256 } from './test-support';
import { musicLibraryTool } from './tool';
import { validateCatalogueQuery } from './validate';

let dataDir: string;
let catalogue: Catalogue;
let runner: CatalogueQueryRunner;
const toolContext = { context: {} as ReplyContext, signal: new AbortController().signal };

beforeAll(() => {
  ({ dataDir, catalogue } = chinookCatalogue());
  runner = new CatalogueQueryRunner(catalogue.file, { timeoutMs: 2000 });
});
afterAll(() => {
  runner.close();
  catalogue.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** Runs the tool and returns its result, failing the test on a refusal. */
async function ask(sql: string): Promise<QueryResult> {
  const outcome = await musicLibraryTool(runner).run({ sql }, toolContext);
  if (!('result' in outcome)) throw new Error(`refused: ${JSON.stringify(outcome.refused)}`);
  return outcome.result as QueryResult;
}

describe('validateCatalogueQuery', () => {
  it.each([
    ['SELECT count(*) FROM albums', true],
    ['WITH a AS (SELECT id FROM artists) SELECT count(*) FROM a', true],
    ["SELECT upper(name), length(name), coalesce(name, '?') FROM artists LIMIT 3", true],
    ["SELECT strftime('%Y', 'now'), round(avg(duration_ms) / 1000.0, 1) FROM tracks", true],
    ['DELETE FROM tracks', false],
    ['SELECT * FROM users', false],
    ['SELECT random() FROM tracks', false],
  ])('%s → allowed: %s', (sql, allowed) => {
    expect(validateCatalogueQuery(sql).ok).toBe(allowed);
  });

  it('names the problem in plain words', () => {
    const refusal = (sql: string) => {
      const v = validateCatalogueQuery(sql);
      return v.ok ? undefined : v.refused;
    };
    expect(refusal('SELECT * FROM users')).toEqual({
      code: 'table_not_allowed',
      message: 'The table "users" is not part of the music catalogue.',
    });
    expect(refusal('SELECT 1; DROP TABLE tracks')?.code).toBe('multiple_statements');
    expect(refusal('DROP TABLE tracks')?.message).toBe('Only SELECT queries are allowed, not DROP.');
    expect(refusal("SELECT load_extension('x')")?.message).toBe(
      'The function load_extension() is not allowed in catalogue queries.',
    );
    expect(refusal('PRAGMA query_only = OFF')?.code).toBe('unparseable');
    // The parser would read the backslash as an escape and miss the call SQLite would run.
    expect(refusal("SELECT 'a\\', randomblob(1000000000) -- '")?.code).toBe('character_not_allowed');
  });
});

describe('the injection corpus', () => {
  it(`refuses or cuts off all ${INJECTION_CORPUS.length} statements and leaves the catalogue unchanged`, async () => {
    expect(INJECTION_CORPUS.length).toBeGreaterThanOrEqual(40);
    const before = sha256(catalogue.file);
    const tool = musicLibraryTool(runner);
    for (const sql of INJECTION_CORPUS) {
      const outcome = await tool.run({ sql }, toolContext);
      expect(outcome, sql).toHaveProperty('refused');
      if ('refused' in outcome) expect(outcome.refused.message.length, sql).toBeGreaterThan(10);
    }
    expect(sha256(catalogue.file)).toBe(before);
  }, 120_000);

  it('keeps writes out even when the validator is bypassed: the connection itself is read-only', async () => {
    const before = sha256(catalogue.file);
    for (const sql of ['DELETE FROM tracks', "INSERT INTO artists (name) VALUES ('x')", 'DROP TABLE genres']) {
      const outcome = await runner.run(sql);
      expect(outcome, sql).toHaveProperty('refused');
    }
    expect(await runner.run("ATTACH DATABASE ':memory:' AS other")).toHaveProperty('refused');
    expect(sha256(catalogue.file)).toBe(before);
  });
});

describe('questions on Chinook', () => {
  const direct = (sql: string) => catalogue.db.prepare(sql).raw(true).all() as unknown[][];

  it('How many albums by AC/DC?', async () => {
    const sql =
      "SELECT count(*) AS albums FROM albums JOIN artists ON artists.id = albums.artist_id WHERE artists.name = 'AC/DC'";
    const result = await ask(sql);
    expect(result).toEqual({ columns: ['albums'], rows: direct(sql), rowCount: 1, truncated: false });
    expect(result.rows).toEqual([[2]]);
  });

  it('Longest track in the Jazz genre?', async () => {
    const sql =
      'SELECT tracks.title, tracks.duration_ms FROM tracks JOIN genres ON genres.id = tracks.genre_id ' +
      "WHERE genres.name = 'Jazz' ORDER BY tracks.duration_ms DESC LIMIT 1";
    const result = await ask(sql);
    expect(result.rows).toEqual(direct(sql));
    expect(result.rows[0]?.[0]).toBe('My Funny Valentine (Live)');
  });

  it('Which artists appear on more than 3 playlists?', async () => {
    const sql =
      'SELECT artists.name, count(DISTINCT playlist_tracks.playlist_id) AS playlists FROM artists ' +
      'JOIN tracks ON tracks.artist_id = artists.id JOIN playlist_tracks ON playlist_tracks.track_id = tracks.id ' +
      'GROUP BY artists.id HAVING count(DISTINCT playlist_tracks.playlist_id) > 3 ORDER BY playlists DESC, artists.name';
    const result = await ask(sql);
    expect(result.rows).toEqual(direct(sql));
    expect(result.rowCount).toBeGreaterThan(3);
  });

  it('gives at most 200 rows and says when it cut the rest', async () => {
    const result = await ask('SELECT id, title FROM tracks ORDER BY id');
    expect(result.rowCount).toBe(200);
    expect(result.truncated).toBe(true);
    expect(result.rows[199]).toEqual([200, direct('SELECT title FROM tracks WHERE id = 200')[0]?.[0]]);
  });

  it("returns SQLite's own error for a query that does not compile", async () => {
    const outcome = await musicLibraryTool(runner).run({ sql: 'SELECT no_such_column FROM tracks' }, toolContext);
    expect(outcome).toEqual({ refused: { code: 'sql_error', message: 'no such column: no_such_column' } });
  });
});

describe('the time limit', () => {
  it('stops a recursive query that would run for minutes, and the next query works', async () => {
    const bomb = 'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c';
    const started = Date.now();
    const outcome = await musicLibraryTool(runner).run({ sql: bomb }, toolContext);
    expect(outcome).toEqual({
      refused: { code: 'timeout', message: 'The query ran longer than 2 s and was stopped.' },
    });
    expect(Date.now() - started).toBeLessThan(3500);
    expect((await ask('SELECT count(*) FROM genres')).rows).toEqual([[25]]);
  });

  it('stops a running query when the reply is stopped, and the next query works', async () => {
    const controller = new AbortController();
    const bomb = 'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c';
    const pending = musicLibraryTool(runner).run({ sql: bomb }, { ...toolContext, signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    expect(await pending).toEqual({ refused: { code: 'stopped', message: 'The reply was stopped.' } });
    expect((await ask('SELECT count(*) FROM playlists')).rows).toEqual([[18]]);
  });
});
