/** The catalogue's own file and the Chinook import. */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { countCatalogue, importChinook } from './import-chinook';
import { CHINOOK_FILE, chinookCatalogue } from './test-support';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

describe('music catalogue', () => {
  it('imports Chinook into <dataDir>/music.sqlite with the counts of the fixture', () => {
    const { dataDir, catalogue } = chinookCatalogue();
    dirs.push(dataDir);
    expect(catalogue.file).toBe(path.join(dataDir, 'music.sqlite'));
    expect(countCatalogue(catalogue)).toEqual({ artists: 275, albums: 347, tracks: 3503, genres: 25, playlists: 18 });
    const track = catalogue.db
      .prepare('SELECT title, duration_ms, format, size, album_id FROM tracks WHERE id = 1')
      .get() as Record<string, unknown>;
    expect(track).toEqual({
      title: 'For Those About To Rock (We Salute You)',
      duration_ms: 343719,
      format: 'MPEG audio file',
      size: 11170334,
      album_id: 1,
    });
    expect(catalogue.db.prepare('SELECT count(*) AS n FROM albums WHERE year IS NOT NULL').get()).toEqual({ n: 0 });
    catalogue.close();
  });

  it('replaces the previous contents rather than adding to them', () => {
    const { dataDir, catalogue } = chinookCatalogue();
    dirs.push(dataDir);
    catalogue.db.prepare("INSERT INTO artists (id, name) VALUES (9999, 'Leftover')").run();
    expect(importChinook(catalogue, CHINOOK_FILE).artists).toBe(275);
    expect(catalogue.db.prepare('SELECT count(*) AS n FROM artists WHERE id = 9999').get()).toEqual({ n: 0 });
    catalogue.close();
  });

  it('leaves the catalogue as it was when the file is not a Chinook database', () => {
    const { dataDir, catalogue } = chinookCatalogue();
    dirs.push(dataDir);
    const notChinook = path.join(dataDir, 'other.sqlite');
    new Database(notChinook).exec('CREATE TABLE Artist (ArtistId INTEGER, Name TEXT)').close();
    expect(() => importChinook(catalogue, notChinook)).toThrow(/no such table/);
    expect(countCatalogue(catalogue).tracks).toBe(3503);
    catalogue.close();
  });
});
