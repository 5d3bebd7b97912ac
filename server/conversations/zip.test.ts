import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasUnzip, readZip, unzipTest } from './export-test-support';
import { zipBuffer, zipStream, type ZipEntry } from './zip';

const noise = randomBytes(4096);
const entries = (): ZipEntry[] => [
  { name: 'README.txt', data: 'Hello, zip.\n' },
  { name: 'conversations/garden-01ABC.json', data: JSON.stringify({ text: 'Björk 坂本龍一 👩‍👩‍👧 '.repeat(200) }) },
  { name: 'conversations/noise.bin', data: noise },
  { name: 'empty.md', data: '' },
];
const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

/** Python's zipfile (a second, independent reader): each entry's sha256 and time, and testzip's verdict. */
const hasPython = spawnSync('python3', ['-c', 'import zipfile'], { stdio: 'ignore' }).status === 0;
type PythonView = { bad: string | null; files: Record<string, { sha256: string; time: number[] }> };
function pythonRead(zip: Buffer): PythonView {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-zip-'));
  const file = path.join(dir, 'a.zip');
  fs.writeFileSync(file, zip);
  const script = [
    'import hashlib, json, sys, zipfile',
    'z = zipfile.ZipFile(sys.argv[1])',
    'files = {i.filename: {"sha256": hashlib.sha256(z.read(i)).hexdigest(), "time": list(i.date_time)} for i in z.infolist()}',
    'print(json.dumps({"bad": z.testzip(), "files": files}))',
  ].join('\n');
  try {
    const result = spawnSync('python3', ['-c', script, file], { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(result.stderr);
    return JSON.parse(result.stdout) as PythonView;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('zip writer', () => {
  it('writes an archive whose entries read back byte for byte', async () => {
    const zip = await zipBuffer(entries());
    const files = readZip(zip);
    expect([...files.keys()]).toEqual(entries().map((e) => e.name));
    for (const e of entries()) expect(files.get(e.name)!.equals(Buffer.from(e.data))).toBe(true);
    // Text compresses: the archive is smaller than the text it holds.
    const text = entries().filter((e) => typeof e.data === 'string');
    expect((await zipBuffer(text)).length).toBeLessThan(text.reduce((n, e) => n + Buffer.byteLength(e.data), 0));
  });

  it.skipIf(!hasUnzip)('passes `unzip -t`', async () => {
    const { status, output } = unzipTest(await zipBuffer(entries()));
    expect(output).toContain('No errors detected');
    expect(status).toBe(0);
  });

  it.skipIf(!hasPython)("reads back in Python's zipfile, with each entry's time", async () => {
    const modified = new Date(2024, 4, 1, 10, 20, 30); // local time: what ZIP's MS-DOS time holds
    const read = pythonRead(await zipBuffer(entries().map((e) => ({ ...e, modified }))));
    expect(read.bad).toBeNull();
    for (const e of entries())
      expect(read.files[e.name], e.name).toEqual({ sha256: sha256(e.data), time: [2024, 5, 1, 10, 20, 30] });
  });

  it('writes ZIP64 records when asked (the path past 65,535 entries or 4 GiB), and they read back', async () => {
    const zip = await zipBuffer(entries(), { forceZip64: true });
    // The ZIP64 end of central directory record and its locator.
    expect(zip.includes(Buffer.from([0x50, 0x4b, 0x06, 0x06]))).toBe(true);
    expect(zip.includes(Buffer.from([0x50, 0x4b, 0x06, 0x07]))).toBe(true);
    if (hasUnzip) expect(unzipTest(zip).output).toContain('No errors detected');
    if (hasPython) {
      const read = pythonRead(zip);
      expect(read.bad).toBeNull();
      expect(Object.fromEntries(Object.entries(read.files).map(([n, f]) => [n, f.sha256]))).toEqual(
        Object.fromEntries(entries().map((e) => [e.name, sha256(e.data)])),
      );
    }
  });

  it('pulls entries only as fast as the archive is read', async () => {
    let pulled = 0;
    async function* many() {
      for (let i = 0; i < 20; i++) {
        pulled++;
        yield { name: `big-${i}.bin`, data: randomBytes(256 * 1024) };
      }
    }
    const stream = zipStream(many());
    // Nobody reads yet: the writer stops after what the stream buffers hold.
    await new Promise((r) => setTimeout(r, 100));
    expect(pulled).toBeLessThanOrEqual(3);
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    expect(pulled).toBe(20);
    expect(readZip(Buffer.concat(chunks)).size).toBe(20);
  });

  it('stops pulling entries when the reader goes away', async () => {
    let pulled = 0;
    let closed = false;
    async function* endless() {
      try {
        for (;;) {
          pulled++;
          yield { name: `part-${pulled}.bin`, data: randomBytes(64 * 1024) };
        }
      } finally {
        closed = true;
      }
    }
    const stream = zipStream(endless());
    for await (const chunk of stream) {
      expect((chunk as Buffer).length).toBeGreaterThan(0);
      break; // leaving the loop destroys the stream, as a client hanging up does
    }
    await new Promise((r) => setTimeout(r, 50));
    const seen = pulled;
    await new Promise((r) => setTimeout(r, 50));
    expect(pulled).toBe(seen);
    expect(closed).toBe(true);
  });

  it('ends the stream with the error of an entry that fails', async () => {
    async function* failing() {
      yield { name: 'a.txt', data: 'a' };
      throw new Error('database gone');
    }
    await expect(zipBuffer(failing())).rejects.toThrow('database gone');
  });

  it('refuses unsafe entry names', async () => {
    for (const name of ['../evil', '/abs', 'a/../b', 'a//b', 'a\\b', '']) {
      await expect(zipBuffer([{ name, data: 'x' }]), name).rejects.toThrow(/unsafe entry name/);
    }
  });
});
