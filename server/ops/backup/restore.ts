/**
 * `hearth restore <file>`: checks a backup archive completely before anything in the data dir
 * changes, then swaps it in. The archive is unpacked into a temporary folder beside the data
 * dir (same file system, so the swap is two renames), every file is checked against the
 * manifest's SHA-256 and every SQLite file with `PRAGMA integrity_check`; only then is the data
 * dir renamed to `<dataDir>.before-restore-<time>` and the unpacked folder renamed into its place.
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import SQLite from 'better-sqlite3';
import yauzl from 'yauzl';
import { DATABASE_NAME, FORMAT_VERSION, MANIFEST_NAME, MAX_MANIFEST_BYTES, Manifest, hashingStream } from './manifest';

/** An archive that must not be restored; the message says why in plain words. */
export class BadArchive extends Error {}

type Entry = yauzl.Entry;

/** Opens the archive and lists its entries (nothing is read yet). */
async function openArchive(file: string): Promise<{ zip: yauzl.ZipFile; entries: Entry[] }> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.open(file, { lazyEntries: true, autoClose: false, strictFileNames: true }, (err, z) =>
      err ? reject(err) : resolve(z),
    ),
  ).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') throw new BadArchive(`There is no file ${file}.`);
    throw new BadArchive(`${file} is not a Hearth backup (it cannot be read as a ZIP archive: ${err.message}).`);
  });
  const entries: Entry[] = [];
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (entry: Entry) => {
      entries.push(entry);
      zip.readEntry();
    });
    zip.once('end', resolve);
    zip.once('error', (err: Error) => reject(new BadArchive(`${file} is damaged (${err.message}).`)));
    zip.readEntry();
  });
  return { zip, entries };
}

const readStream = (zip: yauzl.ZipFile, entry: Entry) =>
  new Promise<NodeJS.ReadableStream>((resolve, reject) =>
    zip.openReadStream(entry, (err, stream) => (err ? reject(err) : resolve(stream))),
  );

/** The manifest, parsed and checked against the archive's list of entries. */
async function readManifest(file: string, zip: yauzl.ZipFile, entries: Entry[]): Promise<Manifest> {
  const entry = entries.find((e) => e.fileName === MANIFEST_NAME);
  if (!entry) throw new BadArchive(`${file} is not a Hearth backup: it has no ${MANIFEST_NAME}.`);
  if (entry.uncompressedSize > MAX_MANIFEST_BYTES) throw new BadArchive(`${file} has a manifest far too large.`);
  const chunks: Buffer[] = [];
  for await (const chunk of await readStream(zip, entry)) chunks.push(chunk as Buffer);
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new BadArchive(`${file} has a manifest that is not JSON: it was damaged or changed.`);
  }
  const format = (parsed as { format?: unknown; version?: unknown } | null) ?? {};
  if (format.format === 'hearth-backup' && typeof format.version === 'number' && format.version > FORMAT_VERSION) {
    throw new BadArchive(`${file} was made by a newer Hearth (backup format ${format.version}). Upgrade Hearth first.`);
  }
  const manifest = Manifest.safeParse(parsed);
  if (!manifest.success || manifest.data.version !== FORMAT_VERSION) {
    throw new BadArchive(`${file} has a manifest Hearth does not understand: it was damaged or changed.`);
  }
  const listed = new Set(manifest.data.files.map((f) => f.path));
  if (listed.size !== manifest.data.files.length) throw new BadArchive(`${file} lists a file twice in its manifest.`);
  if (!listed.has(DATABASE_NAME)) throw new BadArchive(`${file} holds no Hearth database (${DATABASE_NAME}).`);
  for (const e of entries) {
    if (e.fileName === MANIFEST_NAME || e.fileName.endsWith('/')) continue;
    if (!listed.has(e.fileName)) throw new BadArchive(`${file} holds ${e.fileName}, which its manifest does not list.`);
  }
  const present = new Set(entries.map((e) => e.fileName));
  for (const f of manifest.data.files) {
    if (!present.has(f.path)) throw new BadArchive(`${file} is missing ${f.path}, which its manifest lists.`);
  }
  return manifest.data;
}

/** Unpacks every listed file into `into`, checking its size and SHA-256 against the manifest. */
async function unpack(file: string, zip: yauzl.ZipFile, entries: Entry[], manifest: Manifest, into: string) {
  const byName = new Map(entries.map((e) => [e.fileName, e]));
  for (const f of manifest.files) {
    const target = path.join(into, ...f.path.split('/'));
    await fsp.mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
    const hashing = hashingStream();
    try {
      await pipeline(
        await readStream(zip, byName.get(f.path)!),
        hashing.stream,
        fs.createWriteStream(target, { mode: 0o600 }),
      );
    } catch (err) {
      throw new BadArchive(`${file} is damaged: ${f.path} cannot be unpacked (${(err as Error).message}).`);
    }
    const { size, sha256 } = hashing.result();
    if (size !== f.size || sha256 !== f.sha256) {
      throw new BadArchive(`${file} is damaged or was changed: ${f.path} does not match its checksum.`);
    }
  }
}

/** Checks one unpacked SQLite file; for Hearth's own, that no migration is newer than this Hearth's. */
function checkDatabase(file: string, name: string, knownMigrations: ReadonlySet<string>): void {
  let db: SQLite.Database | undefined;
  try {
    db = new SQLite(file, { readonly: true, fileMustExist: true });
    const rows = db.pragma('integrity_check') as { integrity_check: string }[];
    if (rows[0]?.integrity_check !== 'ok') {
      throw new BadArchive(
        `${name} in the backup fails SQLite's integrity check (${rows[0]?.integrity_check ?? '?'}).`,
      );
    }
    if (name !== DATABASE_NAME) return;
    const applied = db.prepare('SELECT name FROM kysely_migration').all() as { name: string }[];
    const unknown = applied.map((r) => r.name).filter((n) => !knownMigrations.has(n));
    if (unknown.length > 0) {
      throw new BadArchive(
        `The backup was made by a newer Hearth (it has migration ${unknown[0]}). Upgrade Hearth first.`,
      );
    }
  } catch (err) {
    if (err instanceof BadArchive) throw err;
    throw new BadArchive(`${name} in the backup is not a usable database (${(err as Error).message}).`);
  } finally {
    db?.close();
  }
}

/** What a restore did. */
export type Restored = { manifest: Manifest; dataDir: string; previous: string | null };

/**
 * Whether to unpack inside the data dir rather than beside it: when its parent may not be
 * written by this user (the hearth user and /var/lib), or the data dir is a mount point (a
 * container volume), which cannot be renamed.
 */
function unpackInside(target: string): boolean {
  if (!fs.existsSync(target)) return false;
  const parent = path.dirname(target);
  if (fs.statSync(target).dev !== fs.statSync(parent).dev) return true;
  try {
    fs.accessSync(parent, fs.constants.W_OK);
    return false;
  } catch {
    return true;
  }
}

/** Gives every file under `dir` to `uid:gid` (a restore run as root, for a server that is not). */
async function chownTree(dir: string, uid: number, gid: number): Promise<void> {
  await fsp.chown(dir, uid, gid);
  for (const entry of await fsp.readdir(dir, { withFileTypes: true })) {
    const child = path.join(dir, entry.name);
    if (entry.isDirectory()) await chownTree(child, uid, gid);
    else await fsp.lchown(child, uid, gid);
  }
}

/**
 * The swap inside the data dir: what was there moves into `.hearth-before-restore-<time>/`
 * within it (which backups leave out), then the unpacked files move up. Each step is a rename
 * on one file system.
 */
async function swapInside(target: string, staging: string, stamp: string): Promise<string> {
  const previous = path.join(target, `.hearth-before-restore-${stamp}`);
  await fsp.mkdir(previous, { mode: 0o700 });
  for (const name of await fsp.readdir(target)) {
    const from = path.join(target, name);
    if (from === previous || from === staging) continue;
    await fsp.rename(from, path.join(previous, name));
  }
  for (const name of await fsp.readdir(staging)) await fsp.rename(path.join(staging, name), path.join(target, name));
  await fsp.rmdir(staging);
  return previous;
}

/**
 * Checks `archive` completely and, unless `dryRun`, puts it in place of `dataDir`, keeping the
 * old data dir beside it (or, where that cannot be done, inside it). The caller makes sure no
 * server runs on `dataDir`. `inside` forces the in-place swap (tests).
 * @throws BadArchive when the archive must not be restored (the data dir is untouched)
 */
export async function restoreBackup(
  archive: string,
  dataDir: string,
  options: { knownMigrations: ReadonlySet<string>; dryRun?: boolean; now?: Date; inside?: boolean },
): Promise<Restored> {
  const target = path.resolve(dataDir);
  const parent = path.dirname(target);
  await fsp.mkdir(parent, { recursive: true });
  const { zip, entries } = await openArchive(path.resolve(archive));
  const inside = options.inside ?? unpackInside(target);
  const staging = inside
    ? await fsp.mkdtemp(path.join(target, '.hearth-restoring-'))
    : await fsp.mkdtemp(path.join(parent, `.${path.basename(target)}.restoring-`));
  let swapped = false;
  try {
    const manifest = await readManifest(archive, zip, entries);
    await unpack(archive, zip, entries, manifest, staging);
    for (const f of manifest.files) {
      if (f.kind === 'sqlite') checkDatabase(path.join(staging, ...f.path.split('/')), f.path, options.knownMigrations);
    }
    if (options.dryRun) return { manifest, dataDir: target, previous: null };
    // Run as root for a server that runs as its own user: the files stay that user's.
    if (process.getuid?.() === 0 && fs.existsSync(target)) {
      const owner = fs.statSync(target);
      await chownTree(staging, owner.uid, owner.gid);
    }
    const stamp = (options.now ?? new Date()).toISOString().replace(/[:.]/g, '-');
    if (inside) {
      swapped = true;
      return { manifest, dataDir: target, previous: await swapInside(target, staging, stamp) };
    }
    const previous = fs.existsSync(target) ? `${target}.before-restore-${stamp}` : null;
    if (previous) await fsp.rename(target, previous);
    try {
      await fsp.rename(staging, target);
    } catch (err) {
      if (previous) await fsp.rename(previous, target);
      throw err;
    }
    swapped = true;
    await fsp.chmod(target, 0o700);
    return { manifest, dataDir: target, previous };
  } finally {
    zip.close();
    if (!swapped) await fsp.rm(staging, { recursive: true, force: true });
  }
}
