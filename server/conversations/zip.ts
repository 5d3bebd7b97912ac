/**
 * A small streaming ZIP writer (PKWARE APPNOTE 6.3: local headers, central directory, end
 * record; deflate, or stored when deflate does not help). Each entry is compressed whole and
 * written at once, so the archive streams entry by entry and memory holds one entry at a time.
 * No ZIP64: an archive stops with an error before 65,535 entries or 4 GiB — far beyond one
 * household member's chats.
 */
import { crc32, deflateRawSync } from 'node:zlib';

/** One file of the archive. */
export type ZipEntry = {
  /** Path inside the archive: `/`-separated, relative, no `..`. */
  name: string;
  data: string | Buffer;
  /** Shown as the file's time (UTC; ZIP has no time zones). Default: now. */
  modified?: Date;
};

const MAX_ENTRIES = 0xffff;
const MAX_OFFSET = 0xffffffff;
const FLAG_UTF8 = 0x0800;
const VERSION = 20;

/** MS-DOS time and date (2-second steps, years 1980–2107). */
function dosTime(date: Date): { time: number; date: number } {
  const year = Math.min(2107, Math.max(1980, date.getUTCFullYear()));
  const d = year === date.getUTCFullYear() ? date : new Date(Date.UTC(year, 0, 1));
  return {
    time: (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | Math.floor(d.getUTCSeconds() / 2),
    date: ((year - 1980) << 9) | ((d.getUTCMonth() + 1) << 5) | d.getUTCDate(),
  };
}

function checkName(name: string): Buffer {
  const parts = name.split('/');
  if (name === '' || name.startsWith('/') || parts.some((p) => p === '' || p === '..' || p === '.') || name.includes('\\')) {
    throw new Error(`zip: unsafe entry name ${JSON.stringify(name)}`);
  }
  return Buffer.from(name, 'utf8');
}

/** Writes entries one by one; `finish()` gives the central directory and end record. */
export class ZipWriter {
  private offset = 0;
  private readonly central: Buffer[] = [];

  /** The bytes of one entry: its local header and (compressed) data. */
  add(entry: ZipEntry): Buffer {
    if (this.central.length >= MAX_ENTRIES) throw new Error('zip: too many entries');
    const name = checkName(entry.name);
    const raw = typeof entry.data === 'string' ? Buffer.from(entry.data, 'utf8') : entry.data;
    const deflated = deflateRawSync(raw);
    const stored = deflated.length >= raw.length;
    const body = stored ? raw : deflated;
    const crc = crc32(raw);
    const { time, date } = dosTime(entry.modified ?? new Date());

    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(VERSION, 4);
    local.writeUInt16LE(FLAG_UTF8, 6);
    local.writeUInt16LE(stored ? 0 : 8, 8);
    local.writeUInt16LE(time, 10);
    local.writeUInt16LE(date, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(raw.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);

    const header = Buffer.alloc(46);
    header.writeUInt32LE(0x02014b50, 0);
    header.writeUInt16LE(VERSION, 4); // made by: MS-DOS, spec 2.0
    header.writeUInt16LE(VERSION, 6);
    header.writeUInt16LE(FLAG_UTF8, 8);
    header.writeUInt16LE(stored ? 0 : 8, 10);
    header.writeUInt16LE(time, 12);
    header.writeUInt16LE(date, 14);
    header.writeUInt32LE(crc, 16);
    header.writeUInt32LE(body.length, 20);
    header.writeUInt32LE(raw.length, 24);
    header.writeUInt16LE(name.length, 28);
    // extra, comment, disk, internal and external attributes: 0
    header.writeUInt32LE(this.offset, 42);
    this.central.push(header, name);

    const size = local.length + name.length + body.length;
    if (this.offset + size > MAX_OFFSET || raw.length > MAX_OFFSET) throw new Error('zip: archive too large');
    this.offset += size;
    return Buffer.concat([local, name, body]);
  }

  /** The central directory and the end record: the archive's last bytes. */
  finish(): Buffer {
    const directory = Buffer.concat(this.central);
    if (this.offset + directory.length > MAX_OFFSET) throw new Error('zip: archive too large');
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    const count = this.central.length / 2;
    end.writeUInt16LE(count, 8);
    end.writeUInt16LE(count, 10);
    end.writeUInt32LE(directory.length, 12);
    end.writeUInt32LE(this.offset, 16);
    return Buffer.concat([directory, end]);
  }
}

/** The archive of `entries`, as chunks (one per entry, then the directory): for a streamed reply. */
export async function* zipStream(entries: AsyncIterable<ZipEntry> | Iterable<ZipEntry>): AsyncGenerator<Buffer> {
  const zip = new ZipWriter();
  for await (const entry of entries) yield zip.add(entry);
  yield zip.finish();
}

/** The whole archive in memory (small archives, tests). */
export function zipBuffer(entries: Iterable<ZipEntry>): Buffer {
  const zip = new ZipWriter();
  const chunks = [...entries].map((e) => zip.add(e));
  return Buffer.concat([...chunks, zip.finish()]);
}
