import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hasUnzip, readZip, unzipTest } from './export-test-support';
import { zipBuffer, zipStream, ZipWriter } from './zip';

const noise = randomBytes(4096);
const entries = () => [
  { name: 'README.txt', data: 'Hello, zip.\n' },
  { name: 'conversations/garden-01ABC.json', data: JSON.stringify({ text: 'Björk 坂本龍一 👩‍👩‍👧 '.repeat(200) }) },
  // Random bytes do not deflate: this one must be stored.
  { name: 'conversations/noise.bin', data: noise },
  { name: 'empty.md', data: '' },
];

describe('zip writer', () => {
  it('writes an archive whose entries read back byte for byte (deflated or stored)', () => {
    const zip = zipBuffer(entries());
    const files = readZip(zip);
    expect([...files.keys()]).toEqual(entries().map((e) => e.name));
    for (const e of entries()) expect(files.get(e.name)!.equals(Buffer.from(e.data))).toBe(true);
    // Random bytes are stored as they are (deflate would grow them); text is deflated.
    expect(zip.includes(noise)).toBe(true);
    // Text compresses: the archive is smaller than the text it holds.
    expect(zip.length).toBeLessThan(entries().reduce((n, e) => n + Buffer.byteLength(e.data), 0));
  });

  it.skipIf(!hasUnzip)('passes `unzip -t`', () => {
    const { status, output } = unzipTest(zipBuffer(entries()));
    expect(output).toContain('No errors detected');
    expect(status).toBe(0);
  });

  it('streams the same bytes as it writes in memory', async () => {
    const fixed = entries().map((e) => ({ ...e, modified: new Date('2024-05-01T10:00:00Z') }));
    const chunks: Buffer[] = [];
    for await (const chunk of zipStream(fixed)) chunks.push(chunk);
    expect(Buffer.concat(chunks).equals(zipBuffer(fixed))).toBe(true);
  });

  it('stores times as MS-DOS time in UTC', () => {
    const zip = zipBuffer([{ name: 'a.txt', data: 'a', modified: new Date('2024-05-01T10:20:30Z') }]);
    // Local header: time at 10, date at 12.
    expect(zip.readUInt16LE(10)).toBe((10 << 11) | (20 << 5) | 15);
    expect(zip.readUInt16LE(12)).toBe(((2024 - 1980) << 9) | (5 << 5) | 1);
  });

  it('refuses unsafe entry names', () => {
    for (const name of ['../evil', '/abs', 'a/../b', 'a//b', 'a\\b', '']) {
      expect(() => new ZipWriter().add({ name, data: 'x' }), name).toThrow(/unsafe entry name/);
    }
  });
});
