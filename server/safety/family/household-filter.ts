/**
 * The content filter a supervised member's words are checked with: the built-in lists plus the
 * household's own block and allow words (controls.filter). Building one takes a few
 * milliseconds, so filters are kept by their word lists: a guardian's change makes a new key,
 * and so applies at the next message.
 */
import type { User } from '#common/auth';
import type { FilterSettings } from '#common/family';
import type { Db } from '#server/db/database';
import { createContentFilter, type ContentFilter, type FilterHit } from '#server/safety/filter/content-filter';
import { FLAG_EXCERPT_CHARS, readControls } from './store';

const MAX_KEPT = 32;

/**
 * A supervised member's filter settings, read fresh (a guardian's change applies at the next
 * message); null for anyone else. One read: the filter needs nothing else of the controls.
 */
export async function filterSettingsOf(
  ctx: { db: Db },
  user: Pick<User, 'id' | 'supervised'>,
): Promise<FilterSettings | null> {
  return user.supervised ? (await readControls(ctx.db, user.id)).filter : null;
}
const built = new Map<string, ContentFilter>();

/** The filter for these settings (shared by every member with the same lists). */
export function filterFor(settings: Pick<FilterSettings, 'blockWords' | 'allowWords'>): ContentFilter {
  const key = JSON.stringify([settings.blockWords, settings.allowWords]);
  let filter = built.get(key);
  if (!filter) {
    if (built.size >= MAX_KEPT) built.delete(built.keys().next().value!);
    filter = createContentFilter({ blockWords: settings.blockWords, allowWords: settings.allowWords });
    built.set(key, filter);
  } else {
    // Most recently used last: the oldest is the one dropped.
    built.delete(key);
    built.set(key, filter);
  }
  return filter;
}

/**
 * The part of `text` a flag keeps: all of it when short, else FLAG_EXCERPT_CHARS around the
 * match (so a guardian sees what was found, not the start of a long message).
 */
export function excerptOf(
  text: string,
  hit: Pick<FilterHit, 'excerpt'> | null,
  /** Where to cut when the match is not found as written: a streamed reply's hit is at its end. */
  otherwise: 'start' | 'end' = 'start',
): string {
  if (text.length <= FLAG_EXCERPT_CHARS) return text;
  const at = hit ? text.toLowerCase().indexOf(hit.excerpt.toLowerCase()) : -1;
  if (at < 0) return otherwise === 'start' ? text.slice(0, FLAG_EXCERPT_CHARS) : text.slice(-FLAG_EXCERPT_CHARS);
  const start = Math.max(0, Math.min(at - FLAG_EXCERPT_CHARS / 2, text.length - FLAG_EXCERPT_CHARS));
  return text.slice(start, start + FLAG_EXCERPT_CHARS);
}
