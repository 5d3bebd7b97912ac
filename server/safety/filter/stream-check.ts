/**
 * Checking a reply while it streams: each delta is checked together with the end of the text
 * before it, so a word split across deltas ("kil" + "l myself") still matches, without
 * re-reading the whole reply on every delta (the cost stays flat however long the reply gets).
 */
import type { ContentFilter, FilterHit } from './content-filter';

/** Characters of earlier text checked again with each delta: longer than any listed phrase. */
export const STREAM_WINDOW = 96;

/** A checker for one reply: `push` each delta; it answers the first hit, once. */
export type StreamCheck = { push(delta: string): FilterHit | null; readonly text: string };

/** Starts checking one streamed reply with `filter`. */
export function createStreamCheck(filter: ContentFilter): StreamCheck {
  let text = '';
  let hit: FilterHit | null = null;
  return {
    push(delta) {
      if (hit || !delta) return null;
      // Start the window at a word's beginning: a cut inside "Scunthorpe" would look like a new word.
      let from = Math.max(0, text.length - STREAM_WINDOW);
      const floor = Math.max(0, from - STREAM_WINDOW);
      while (from > floor && !/\s/.test(text[from - 1]!)) from--;
      text += delta;
      hit = filter.check(text.slice(from));
      return hit;
    },
    get text() {
      return text;
    },
  };
}
