/** Shared by the music tests: a temporary data dir holding the Chinook fixture imported as the catalogue. */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { importChinook } from './import-chinook';
import { openCatalogue, type Catalogue } from './store';

/** The Chinook fixture (test/fixtures/music/). */
export const CHINOOK_FILE = path.join(import.meta.dirname, '../../../test/fixtures/music/chinook.sqlite');

/** A fresh data dir with Chinook imported; the catalogue is left open for the test's own checks. */
export function chinookCatalogue(): { dataDir: string; catalogue: Catalogue } {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-music-'));
  const catalogue = openCatalogue(dataDir);
  importChinook(catalogue, CHINOOK_FILE);
  return { dataDir, catalogue };
}

/** The sha256 of a file's bytes. */
export const sha256 = (file: string): string => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
