/** The Music library's API shapes (API.md "Music library"). */
import { z } from 'zod';

/** `GET /api/music/stats` and the answer of an import. */
export const MusicCounts = z.object({
  artists: z.number().int(),
  albums: z.number().int(),
  tracks: z.number().int(),
  genres: z.number().int(),
  playlists: z.number().int(),
});
export type MusicCounts = z.infer<typeof MusicCounts>;

export const MusicStats = MusicCounts.extend({
  lastScanAt: z.string().optional().describe('When the last scan finished (ISO 8601)'),
});
export type MusicStats = z.infer<typeof MusicStats>;

/** `POST /api/admin/music/scan`. */
export const MusicScanBody = z.object({
  path: z.string().min(1).max(4096).describe('A folder inside one of HEARTH_MUSIC_DIRS'),
});
export type MusicScanBody = z.infer<typeof MusicScanBody>;

export const MusicScanStarted = z.object({ scanId: z.string() });

/** A file the scan could not read, and why. */
export const MusicScanFailure = z.object({ path: z.string(), reason: z.string() });
export type MusicScanFailure = z.infer<typeof MusicScanFailure>;

/** `GET /api/admin/music/scans/:id`. */
export const MusicScan = z.object({
  id: z.string(),
  path: z.string(),
  status: z.enum(['running', 'done', 'failed']),
  seen: z.number().int(),
  added: z.number().int(),
  updated: z.number().int(),
  removed: z.number().int(),
  failed: z.array(MusicScanFailure),
  startedAt: z.string(),
  finishedAt: z.string().optional(),
  error: z.string().optional().describe('Why a failed scan stopped'),
});
export type MusicScan = z.infer<typeof MusicScan>;

/** The WebSocket `music.scan` event's fields (besides `type`): `failed` is a count here. */
export const MusicScanProgress = z.object({
  scanId: z.string(),
  seen: z.number().int(),
  added: z.number().int(),
  updated: z.number().int(),
  removed: z.number().int(),
  failed: z.number().int(),
  done: z.boolean(),
});
export type MusicScanProgress = z.infer<typeof MusicScanProgress>;

/** The folders an admin may scan from the web app (HEARTH_MUSIC_DIRS), for the admin console. */
export const MusicFolders = z.object({ folders: z.array(z.string()) });
