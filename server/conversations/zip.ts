/**
 * Writing ZIP archives with `yazl` (maintained; switches to ZIP64 by itself past 65,535
 * entries or 4 GiB). Entries are pulled one at a time and each is handed over only when the
 * previous one has gone out, so a slow download holds about one entry in memory, not the archive.
 */
import { once } from 'node:events';
import { PassThrough, Readable } from 'node:stream';
import { ZipFile } from 'yazl';

/** One file of the archive. */
export type ZipEntry = {
  /** Path inside the archive: `/`-separated, relative, no `..`. */
  name: string;
  data: string | Buffer;
  /** Shown as the file's time. Default: now. */
  modified?: Date;
};

export type ZipOptions = {
  /** Write ZIP64 records even when the archive is small (tests of the large-archive path). */
  forceZip64?: boolean;
};

function checkName(name: string): string {
  const parts = name.split('/');
  if (
    name === '' ||
    name.startsWith('/') ||
    parts.some((p) => p === '' || p === '..' || p === '.') ||
    name.includes('\\')
  ) {
    throw new Error(`zip: unsafe entry name ${JSON.stringify(name)}`);
  }
  return name;
}

/**
 * The archive of `entries` as a byte stream, for a streamed reply. An entry that fails (a
 * database error, an unsafe name) destroys the stream with that error; destroying the stream
 * (the client hung up) stops pulling entries.
 */
export function zipStream(entries: AsyncIterable<ZipEntry> | Iterable<ZipEntry>, options: ZipOptions = {}): Readable {
  const zip = new ZipFile();
  // yazl's own stream is internal; this one is what the caller may destroy.
  const out = new PassThrough();
  const source = zip.outputStream as PassThrough;
  source.pipe(out);
  const stopped = new AbortController();
  out.once('close', () => stopped.abort());
  const zip64 = options.forceZip64 === true;
  void (async () => {
    for await (const entry of entries) {
      if (stopped.signal.aborted) return;
      const data = typeof entry.data === 'string' ? Buffer.from(entry.data, 'utf8') : entry.data;
      const input = Readable.from([data], { objectMode: false });
      zip.addReadStream(input, checkName(entry.name), {
        mtime: entry.modified ?? new Date(),
        size: data.length,
        forceZip64Format: zip64,
      });
      // The entry's bytes have been taken once its input ends; the pipes behind it apply backpressure.
      await once(input, 'end', { signal: stopped.signal });
    }
    zip.end({ forceZip64Format: zip64, comment: '' });
  })().catch((err: unknown) => {
    if (!stopped.signal.aborted) out.destroy(err instanceof Error ? err : new Error(String(err)));
  });
  zip.on('error', (err: Error) => out.destroy(err));
  return out;
}

/** The whole archive in memory (small archives, tests). */
export async function zipBuffer(
  entries: Iterable<ZipEntry> | AsyncIterable<ZipEntry>,
  options?: ZipOptions,
): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of zipStream(entries, options)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
