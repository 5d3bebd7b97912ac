import { describe, expect, it } from 'vitest';
import { safeDownloadName } from './download-name';

describe('safeDownloadName', () => {
  it('removes every bidi control and directional mark', () => {
    const bidi = [
      '\u202a',
      '\u202b',
      '\u202c',
      '\u202d',
      '\u202e',
      '\u2066',
      '\u2067',
      '\u2068',
      '\u2069',
      '\u200e',
      '\u200f',
      '\u061c',
    ];
    for (const c of bidi) expect(safeDownloadName(`photo${c}gpj.exe`), JSON.stringify(c)).toBe('photogpj.exe');
  });

  it('turns control characters and slashes into spaces, drops leading dots, keeps real letters', () => {
    expect(safeDownloadName('../../etc/passwd')).toBe('etc passwd');
    expect(safeDownloadName('a\u0000b\nc\\d')).toBe('a b c d');
    expect(safeDownloadName('.hidden')).toBe('hidden');
    expect(safeDownloadName('Björk 坂本 ✿.txt')).toBe('Björk 坂本 ✿.txt');
    expect(safeDownloadName('\u202e\u2066')).toBe('');
  });

  it('cuts long names by characters, not halfway through one', () => {
    expect(Array.from(safeDownloadName('😀'.repeat(200), 10))).toHaveLength(10);
    expect(safeDownloadName('x\ud800y')).toBe('x\ufffdy');
  });
});
