/**
 * The scanner on the real fixture library (test/fixtures/music/library/, copied to a temporary
 * folder so the re-scan tests can touch, remove and add files): every tag of the fixtures
 * README's table, unicode names, two discs, a compilation, the untagged fallback, the corrupt
 * file reported and skipped, non-audio ignored.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { scanFolder } from './scan';
import { openCatalogue, readMeta, type Catalogue } from './store';

const FIXTURE = path.join(import.meta.dirname, '../../../test/fixtures/music/library');

let dir: string;
let library: string;
let catalogue: Catalogue;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-scan-'));
  library = path.join(dir, 'library');
  fs.cpSync(FIXTURE, library, { recursive: true });
  for (const f of fs.readdirSync(library, { recursive: true }))
    fs.chmodSync(
      path.join(library, String(f)),
      fs.statSync(path.join(library, String(f))).isDirectory() ? 0o755 : 0o644,
    );
  catalogue = openCatalogue(dir);
});
afterEach(() => {
  catalogue.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

type Row = {
  title: string;
  artist: string | null;
  album: string | null;
  albumArtist: string | null;
  compilation: number | null;
  year: number | null;
  genre: string | null;
  track: number | null;
  disc: number | null;
  format: string | null;
  duration_ms: number | null;
};

/** The catalogue's track of a file (relative to the library), joined with its names. */
function track(relative: string): Row | undefined {
  return catalogue.db
    .prepare(
      `SELECT t.title, ar.name AS artist, al.title AS album, aa.name AS albumArtist, al.compilation, t.year,
              g.name AS genre, t.track_number AS track, t.disc_number AS disc, t.format, t.duration_ms
       FROM tracks t LEFT JOIN artists ar ON ar.id = t.artist_id LEFT JOIN albums al ON al.id = t.album_id
       LEFT JOIN artists aa ON aa.id = al.artist_id LEFT JOIN genres g ON g.id = t.genre_id WHERE t.path = ?`,
    )
    .get(path.join(library, relative)) as Row | undefined;
}

const count = (table: string) => (catalogue.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

// The fixtures README's table: file → title, artist, album (album artist), year, genre, track, disc.
const TABLE: [string, string, string, string, string, number, string, number | null, number | null][] = [
  [
    'Miles Davis/Kind of Blue (1959)/01 So What.mp3',
    'So What',
    'Miles Davis',
    'Kind of Blue',
    'Miles Davis',
    1959,
    'Jazz',
    1,
    null,
  ],
  [
    'Miles Davis/Kind of Blue (1959)/03 Blue in Green.mp3',
    'Blue in Green',
    'Miles Davis',
    'Kind of Blue',
    'Miles Davis',
    1959,
    'Jazz',
    3,
    null,
  ],
  ['Björk/Homogenic/03 Jóga.flac', 'Jóga', 'Björk', 'Homogenic', 'Björk', 1997, 'Electronic', 3, null],
  ['Björk/Homogenic/06 Bachelorette.flac', 'Bachelorette', 'Björk', 'Homogenic', 'Björk', 1997, 'Electronic', 6, null],
  [
    'The Beatles/Abbey Road/01 Come Together.m4a',
    'Come Together',
    'The Beatles',
    'Abbey Road',
    'The Beatles',
    1969,
    'Rock',
    1,
    null,
  ],
  [
    'The Beatles/Abbey Road/07 Here Comes the Sun.m4a',
    'Here Comes the Sun',
    'The Beatles',
    'Abbey Road',
    'The Beatles',
    1969,
    'Rock',
    7,
    null,
  ],
  [
    'Pink Floyd/The Wall/CD1/01 In the Flesh.mp3',
    'In the Flesh?',
    'Pink Floyd',
    'The Wall',
    'Pink Floyd',
    1979,
    'Progressive Rock',
    1,
    1,
  ],
  [
    'Pink Floyd/The Wall/CD2/01 Hey You.mp3',
    'Hey You',
    'Pink Floyd',
    'The Wall',
    'Pink Floyd',
    1979,
    'Progressive Rock',
    1,
    2,
  ],
  [
    'Compilations/Road Trip Singalongs/01 Dancing Queen.ogg',
    'Dancing Queen',
    'ABBA',
    'Road Trip Singalongs',
    'Various Artists',
    2020,
    'Pop',
    1,
    null,
  ],
  [
    'Compilations/Road Trip Singalongs/02 Africa.ogg',
    'Africa',
    'Toto',
    'Road Trip Singalongs',
    'Various Artists',
    2020,
    'Pop',
    2,
    null,
  ],
  [
    'Compilations/Road Trip Singalongs/03 Let It Go.ogg',
    'Let It Go',
    'Idina Menzel',
    'Road Trip Singalongs',
    'Various Artists',
    2020,
    'Soundtrack',
    3,
    null,
  ],
  [
    '坂本龍一/Merry Christmas Mr. Lawrence/01 戦場のメリークリスマス.opus',
    'Merry Christmas Mr. Lawrence',
    '坂本龍一',
    'Merry Christmas Mr. Lawrence',
    '坂本龍一',
    1983,
    'Soundtrack',
    1,
    null,
  ],
  [
    'Kids/Lullabies/01 Twinkle Twinkle.wav',
    'Twinkle Twinkle Little Star',
    'Family Choir',
    'Lullabies',
    'Family Choir',
    2024,
    "Children's Music",
    null,
    null,
  ],
];

describe('scanning the fixture library', () => {
  it('reads every tag of the README table, in every format', async () => {
    const counts = await scanFolder(catalogue, library);
    expect(counts).toMatchObject({ seen: 15, added: 14, updated: 0, removed: 0 });
    for (const [file, title, artist, album, albumArtist, year, genre, trackNo, disc] of TABLE) {
      expect(track(file), file).toMatchObject({ title, artist, album, albumArtist, year, genre, track: trackNo, disc });
      expect(track(file)!.duration_ms, file).toBeGreaterThan(900);
    }
    expect(
      (catalogue.db.prepare('SELECT DISTINCT format FROM tracks ORDER BY format').raw(true).all() as string[][]).flat(),
    ).toEqual(['AAC', 'FLAC', 'MP3', 'Opus', 'Vorbis', 'WAV']);
    expect(count('artists')).toBe(10); // the 9 performers and Various Artists
  });

  it('keeps a two-disc album as one album and a compilation under its album artist', async () => {
    await scanFolder(catalogue, library);
    const wall = catalogue.db.prepare("SELECT count(*) AS n FROM albums WHERE title = 'The Wall'").get();
    expect(wall).toEqual({ n: 1 });
    const compilation = catalogue.db
      .prepare(
        "SELECT al.compilation, ar.name, (SELECT count(*) FROM tracks WHERE album_id = al.id) AS tracks FROM albums al JOIN artists ar ON ar.id = al.artist_id WHERE al.title = 'Road Trip Singalongs'",
      )
      .all();
    expect(compilation).toEqual([{ compilation: 1, name: 'Various Artists', tracks: 3 }]);
  });

  it('names an untagged file after its file and folder, and reports the corrupt one', async () => {
    const counts = await scanFolder(catalogue, library);
    expect(track('untagged/track07.mp3')).toMatchObject({ title: 'track07', album: 'untagged', format: 'MP3' });
    expect(track('untagged/broken.mp3')).toBeUndefined();
    expect(counts.failed).toEqual([{ path: path.join(library, 'untagged/broken.mp3'), reason: expect.any(String) }]);
    expect(counts.failed[0]!.reason).toMatch(/damaged/);
    // cover.jpg, notes.txt and the README are not audio: neither tracks nor failures.
    expect(count('tracks')).toBe(14);
    expect(readMeta(catalogue, 'lastScanAt')).toMatch(/^\d{4}-/);
  });

  it('re-scans incrementally: a touched file is read again, a removed one goes, an added one comes', async () => {
    await scanFolder(catalogue, library);
    expect(await scanFolder(catalogue, library)).toMatchObject({ seen: 15, added: 0, updated: 0, removed: 0 });

    const later = new Date(Date.now() + 60_000);
    fs.utimesSync(path.join(library, 'Björk/Homogenic/03 Jóga.flac'), later, later);
    fs.rmSync(path.join(library, 'Kids'), { recursive: true });
    fs.copyFileSync(
      path.join(library, 'Miles Davis/Kind of Blue (1959)/01 So What.mp3'),
      path.join(library, 'untagged/So What again.mp3'),
    );
    const counts = await scanFolder(catalogue, library);
    expect(counts).toMatchObject({ seen: 15, added: 1, updated: 1, removed: 1 });
    expect(track('Kids/Lullabies/01 Twinkle Twinkle.wav')).toBeUndefined();
    // The album, artist and genre only the removed file had are gone too.
    expect(catalogue.db.prepare("SELECT count(*) AS n FROM albums WHERE title = 'Lullabies'").get()).toEqual({ n: 0 });
    expect(catalogue.db.prepare("SELECT count(*) AS n FROM artists WHERE name = 'Family Choir'").get()).toEqual({
      n: 0,
    });
    expect(track('untagged/So What again.mp3')).toMatchObject({ title: 'So What', album: 'Kind of Blue' });
    expect(track('Björk/Homogenic/03 Jóga.flac')).toMatchObject({ title: 'Jóga' });
    expect(count('tracks')).toBe(14);
  });

  it('reports progress after each batch and yields to the event loop between them', async () => {
    const seen: number[] = [];
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    await scanFolder(catalogue, library, { batchSize: 3, onProgress: (c) => seen.push(c.seen) });
    clearInterval(timer);
    expect(seen).toEqual([3, 6, 9, 12, 15, 15]);
    expect(ticks).toBeGreaterThan(0);
  });
});
