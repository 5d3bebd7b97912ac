/**
 * Which folders the web app may scan: those inside HEARTH_MUSIC_DIRS, compared after resolving
 * symlinks and `..` on both sides (realpath), so neither can lead the scan out of them.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { HttpError } from '#server/errors';

const notAllowed = () =>
  new HttpError(
    403,
    'path_not_allowed',
    'That folder is not inside the music folders this server allows (HEARTH_MUSIC_DIRS).',
    'path',
  );

const inside = (child: string, parent: string) => {
  const relative = path.relative(parent, child);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
};

/**
 * The real path of `requested` when it is a folder inside one of `allowed`.
 * @throws 403 `path_not_allowed` outside them; 400 when it is not an existing folder inside them
 */
export async function allowedScanFolder(requested: string, allowed: readonly string[]): Promise<string> {
  if (allowed.length === 0 || !path.isAbsolute(requested)) throw notAllowed();
  const roots = (await Promise.all(allowed.map((dir) => fs.realpath(dir).catch(() => null)))).filter(
    (dir): dir is string => dir !== null,
  );
  let real: string;
  try {
    real = await fs.realpath(requested);
  } catch {
    // Say "no such folder" only inside the allowed folders: outside, existence is not revealed.
    if (roots.some((root) => inside(path.resolve(requested), root)))
      throw new HttpError(400, 'validation_failed', 'path: there is no such folder.', 'path');
    throw notAllowed();
  }
  if (!roots.some((root) => inside(real, root))) throw notAllowed();
  if (!(await fs.stat(real)).isDirectory())
    throw new HttpError(400, 'validation_failed', 'path: this is a file, not a folder.', 'path');
  return real;
}
