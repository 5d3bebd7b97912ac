/**
 * Checking a reply while it streams: each check reads the text since the last one together with
 * the end of the text before it, so a word split across deltas ("kil" + "l myself") still
 * matches, without re-reading the whole reply each time (the cost stays flat however long the
 * reply gets). With `minChars`, a check waits until that much new text has come (a token is a
 * few characters: checking every third one is a third of the work); `checked` says how far the
 * text has been read, and only that much may be shown.
 */
import type { ContentFilter, FilterHit } from './content-filter';

/** Characters of earlier text checked again with each delta: longer than any listed phrase. */
export const STREAM_WINDOW = 96;

/** A checker for one reply: `push` each delta; it answers the first hit, once. */
export type StreamCheck = {
  push(delta: string): FilterHit | null;
  /** Checks whatever came since the last check (the reply ended). */
  flush(): FilterHit | null;
  /** How many characters of the text have been checked. */
  readonly checked: number;
  readonly text: string;
};

/** Starts checking one streamed reply with `filter`. */
export function createStreamCheck(filter: ContentFilter, { minChars = 0 }: { minChars?: number } = {}): StreamCheck {
  let text = '';
  let checked = 0;
  let hit: FilterHit | null = null;
  const run = () => {
    // Start the window at a word's beginning: a cut inside "Scunthorpe" would look like a new word.
    let from = Math.max(0, checked - STREAM_WINDOW);
    const floor = Math.max(0, from - STREAM_WINDOW);
    while (from > floor && !/\s/.test(text[from - 1]!)) from--;
    checked = text.length;
    hit = filter.check(text.slice(from));
    return hit;
  };
  return {
    push(delta) {
      if (hit || !delta) return null;
      text += delta;
      return text.length - checked < minChars ? null : run();
    },
    flush: () => (hit || checked === text.length ? null : run()),
    get checked() {
      return checked;
    },
    get text() {
      return text;
    },
  };
}
