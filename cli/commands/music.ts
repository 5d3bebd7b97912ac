/**
 * `hearth music scan <folder>` and `hearth music import <chinook.sqlite>`: fill the Music
 * library's catalogue (`<dataDir>/music.sqlite`).
 *
 * The import goes through the running server's admin socket when one runs (its catalogue
 * connection makes the change, audited), else straight on the data dir. The scan always runs in
 * this process on the catalogue file: it may take minutes and shows its progress here, and the
 * catalogue is a file of its own that SQLite lets both processes share (a running server sees
 * the new tracks at its next query). Unlike the web app's scan, any folder this user can read
 * may be scanned: whoever runs this command already has the machine's files.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { count } from '#cli/confirm';
import { CliError, say, type CliIo } from '#cli/io';
import { operate } from '#cli/operator';
import { loadConfig } from '#server/config';
import { scanFolder, type ScanCounts } from '#server/tasks/music/scan';
import { openCatalogue } from '#server/tasks/music/store';

/** How often, in files, a scan prints a line when its output is not a terminal. */
const PLAIN_EVERY = 500;

/** The absolute path of `given`, which must exist and be of `kind`. @throws CliError in plain words */
async function existing(given: string, kind: 'folder' | 'file'): Promise<string> {
  const absolute = path.resolve(given);
  const stat = await fs.stat(absolute).catch(() => null);
  if (!stat) throw new CliError(`There is no ${kind} ${absolute}.`);
  if (kind === 'folder' ? !stat.isDirectory() : !stat.isFile()) throw new CliError(`${absolute} is not a ${kind}.`);
  await fs.access(absolute, fs.constants.R_OK).catch(() => {
    throw new CliError(`This user may not read ${absolute}.`);
  });
  return absolute;
}

/** Progress on a terminal: a bar; elsewhere (a log, a pipe): a line every PLAIN_EVERY files. */
function progress(io: CliIo) {
  const tty = (io.stdout as { isTTY?: boolean }).isTTY === true;
  let bar: SingleBar | undefined;
  let printed = 0;
  return {
    start(total: number) {
      say(io.stdout, `Found ${count(total, 'audio file')}.`);
      if (!tty || total === 0) return;
      bar = new SingleBar({
        stream: io.stdout,
        format: 'Scanning [{bar}] {value}/{total} files · {added} new · {updated} changed · {failed} unreadable',
        hideCursor: true,
      });
      bar.start(total, 0, { added: 0, updated: 0, failed: 0 });
    },
    update(c: ScanCounts, total: number) {
      if (bar) bar.update(c.seen, { added: c.added, updated: c.updated, failed: c.failed.length });
      else if (c.seen - printed >= PLAIN_EVERY || (c.seen === total && c.seen !== printed)) {
        printed = c.seen;
        say(io.stdout, `Scanned ${c.seen} of ${total} files.`);
      }
    },
    stop: () => bar?.stop(),
  };
}

export function addMusicCommands(program: Command, io: CliIo): void {
  const music = program.command('music').description("Fill the Music library's catalogue");

  music
    .command('scan')
    .description('Read the tags of the audio files in a folder (again: only new and changed files are read)')
    .argument('<folder>', 'a folder of music; any folder this user can read')
    .action(async (given: string) => {
      const folder = await existing(given, 'folder');
      const catalogue = openCatalogue(loadConfig(io.env).dataDir);
      const shown = progress(io);
      let total = 0;
      try {
        const counts = await scanFolder(catalogue, folder, {
          onStart: (n) => shown.start((total = n)),
          onProgress: (c) => shown.update(c, total),
        });
        shown.stop();
        say(
          io.stdout,
          `Done: ${count(counts.added, 'new track')}, ${counts.updated} changed, ${counts.removed} removed, ` +
            `${counts.failed.length} unreadable.`,
        );
        for (const failure of counts.failed) say(io.stdout, `  skipped ${failure.path}: ${failure.reason}`);
      } finally {
        shown.stop();
        catalogue.close();
      }
    });

  music
    .command('import')
    .description('Replace the catalogue with a Chinook-shaped SQLite file (artists, albums, tracks, genres, playlists)')
    .argument('<chinook.sqlite>', 'the file to import')
    .action(async (given: string) => {
      const file = await existing(given, 'file');
      const counts = await operate(io, 'music.import', { file });
      say(
        io.stdout,
        `Imported ${count(counts.artists, 'artist')}, ${count(counts.albums, 'album')}, ${count(counts.tracks, 'track')}, ` +
          `${count(counts.genres, 'genre')} and ${count(counts.playlists, 'playlist')}.`,
      );
    });
}
