/**
 * `hearth backup <file>` and `hearth restore <file>`: a consistent archive of the data dir made
 * while Hearth runs, and putting one back while it does not (server/ops/backup/).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { loadConfig, type Config } from '#server/config';
import { CliError, type CliIo } from '#cli/io';
import { JSON_OPTION, print } from '#cli/output';

/** Archives smaller than this finish too fast for a progress bar to help. */
const PROGRESS_FROM_BYTES = 32 * 1024 * 1024;

/** With PostgreSQL the database is not in the data dir: `pg_dump` is the tool. */
function sqliteOnly(config: Config, what: string): void {
  if (config.databaseUrl) {
    throw new CliError(
      `Hearth's database is PostgreSQL (HEARTH_DATABASE_URL), and hearth ${what} handles only the built-in SQLite ` +
        'database. Back PostgreSQL up with pg_dump (and restore it with pg_restore), and copy the data dir beside it.',
    );
  }
}

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** A cli-progress bar on a terminal for a large archive; nothing otherwise. */
async function progressFor(io: CliIo) {
  const tty = (io.stderr as { isTTY?: boolean }).isTTY === true;
  let bar: import('cli-progress').SingleBar | null = null;
  const { SingleBar, Presets } = tty ? await import('cli-progress') : { SingleBar: null, Presets: null };
  return {
    start: (total: number) => {
      if (!SingleBar || !Presets || total < PROGRESS_FROM_BYTES) return;
      bar = new SingleBar(
        {
          stream: io.stderr,
          format: 'Backing up [{bar}] {percentage}% | {value}/{total} MB',
          hideCursor: true,
        },
        Presets.shades_classic,
      );
      bar.start(Math.ceil(total / 1024 / 1024), 0);
      bar.setTotal(Math.ceil(total / 1024 / 1024));
    },
    advance: (() => {
      let done = 0;
      return (bytes: number) => {
        done += bytes;
        bar?.update(Math.floor(done / 1024 / 1024));
      };
    })(),
    stop: () => bar?.stop(),
  };
}

export function addBackupCommands(program: Command, io: CliIo): void {
  program
    .command('backup <file>')
    .description('Write a backup archive of everything Hearth keeps (safe while Hearth runs)')
    .option('--force', 'replace <file> if it exists')
    .option(...JSON_OPTION)
    .action(async (file: string, options: { force?: boolean; json?: boolean }) => {
      const config = loadConfig(io.env);
      sqliteOnly(config, 'backup');
      if (fs.existsSync(file) && options.force !== true) {
        throw new CliError(`${file} exists already. Choose another name, or add --force to replace it.`);
      }
      const { createBackup } = await import('#server/ops/backup/create');
      const progress = await progressFor(io);
      let manifest;
      try {
        manifest = await createBackup(config.dataDir, file, progress);
      } catch (err) {
        throw new CliError(`The backup failed: ${(err as Error).message} No archive was written.`);
      } finally {
        progress.stop();
      }
      const bytes = manifest.files.reduce((n, f) => n + f.size, 0);
      const { size } = fs.statSync(file);
      print(io, options.json, { file: path.resolve(file), size, ...manifest }, () => [
        `Backed up ${manifest.files.length} file(s), ${megabytes(bytes)}, to ${path.resolve(file)} (${megabytes(size)}).`,
        'Keep a copy on another machine or disk: a backup beside the data dir dies with the disk.',
      ]);
    });

  program
    .command('restore <file>')
    .description('Put a backup archive back in place of the data dir (Hearth must be stopped)')
    .option('--check', 'only check the archive; change nothing')
    .option(...JSON_OPTION)
    .action(async (file: string, options: { check?: boolean; json?: boolean }) => {
      const config = loadConfig(io.env);
      sqliteOnly(config, 'restore');
      const [{ restoreBackup, BadArchive }, { answers }, { adminSocketPath }, { migrations }] = await Promise.all([
        import('#server/ops/backup/restore'),
        import('#server/ops/admin-socket'),
        import('#server/ops/admin-protocol'),
        import('#server/db/migrations/index'),
      ]);
      const socket = adminSocketPath(config);
      const running = await answers(socket).catch(() => true);
      if (running && options.check !== true) {
        throw new CliError(
          `Hearth is running on ${config.dataDir} (it answers on ${socket}). Stop it first ` +
            '(for example: sudo systemctl stop hearth), then run hearth restore again.',
        );
      }
      let restored;
      try {
        restored = await restoreBackup(file, config.dataDir, {
          knownMigrations: new Set(Object.keys(migrations)),
          dryRun: options.check === true,
        });
      } catch (err) {
        if (err instanceof BadArchive) throw new CliError(`${err.message} Nothing was restored.`);
        throw err;
      }
      const { manifest, previous } = restored;
      print(io, options.json, { ...restored, checked: true, restored: options.check !== true }, () =>
        options.check === true
          ? `${file} is a sound backup from ${manifest.created} (${manifest.files.length} file(s)); nothing was changed.`
          : [
              `Restored the backup from ${manifest.created} (${manifest.files.length} file(s)) into ${config.dataDir}.`,
              previous
                ? `The data dir as it was is kept in ${previous}; delete it once Hearth runs well again.`
                : 'There was no data dir before.',
            ],
      );
    });
}
