/**
 * What the scanner stores of one file: its tags as music-metadata read them, with the file and
 * folder names standing in for what is missing (`Artist/Album/01 Title.mp3`, a `CD2/` folder
 * for the disc), and a short format name a member recognises.
 */
import path from 'node:path';
import type { IAudioMetadata } from 'music-metadata';

/** One track's fields, ready for the catalogue. */
export type TrackTags = {
  title: string;
  artist: string | null;
  albumArtist: string | null;
  album: string | null;
  genre: string | null;
  year: number | null;
  trackNumber: number | null;
  discNumber: number | null;
  durationMs: number | null;
  format: string | null;
  bitrate: number | null;
  compilation: boolean;
};

const DISC_FOLDER = /^(?:cd|disc|disk)\s*(\d+)$/i;
const LEADING_NUMBER = /^(\d{1,3})[\s._-]+(.+)$/;

/** "MPEG 2 Layer 3" → "MP3", "MPEG-4/AAC" → "AAC", … (the codec when it is none of these). */
function formatName(metadata: IAudioMetadata, file: string): string | null {
  const codec = metadata.format.codec ?? '';
  if (/layer 3/i.test(codec)) return 'MP3';
  if (/aac/i.test(codec)) return 'AAC';
  if (/alac/i.test(codec)) return 'ALAC';
  if (/flac/i.test(codec)) return 'FLAC';
  if (/vorbis/i.test(codec)) return 'Vorbis';
  if (/opus/i.test(codec)) return 'Opus';
  if (/pcm/i.test(codec) || metadata.format.container === 'WAVE') return 'WAV';
  return codec || path.extname(file).slice(1).toUpperCase() || null;
}

const text = (value: string | undefined | null): string | null => {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
};

/** The fields of `file` (under the scanned `root`) from its metadata, names filling the gaps. */
export function tagsFromFile(root: string, file: string, metadata: IAudioMetadata): TrackTags {
  const { common, format } = metadata;
  const folders = path.relative(root, path.dirname(file)).split(path.sep).filter(Boolean);
  const discFolder = DISC_FOLDER.exec(folders.at(-1) ?? '');
  if (discFolder) folders.pop();
  const stem = path.basename(file, path.extname(file));
  const numbered = LEADING_NUMBER.exec(stem);
  const tagged = text(common.title) !== null;

  const artist = text(common.artist) ?? (tagged ? null : (folders.at(-2) ?? null));
  const albumArtist = text(common.albumartist) ?? artist;
  return {
    title: text(common.title) ?? numbered?.[2] ?? stem,
    artist,
    albumArtist,
    album: text(common.album) ?? (tagged ? null : (folders.at(-1) ?? null)),
    genre: text(common.genre?.[0]),
    year: common.year ?? null,
    trackNumber: common.track.no ?? (tagged || !numbered ? null : Number(numbered[1])),
    discNumber: common.disk.no ?? (discFolder ? Number(discFolder[1]) : null),
    durationMs: format.duration ? Math.round(format.duration * 1000) : null,
    format: formatName(metadata, file),
    bitrate: format.bitrate ? Math.round(format.bitrate) : null,
    compilation: common.compilation === true || /^various artists$/i.test(albumArtist ?? ''),
  };
}
