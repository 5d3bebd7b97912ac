/**
 * A synthetic household chat history for the library benchmark: deterministic (seeded), with
 * the statistics that make search hard — a Zipf-distributed vocabulary of ~50,000 words (English
 * function words on top, real content words in the middle ranks, made-up words in the long
 * tail, a few accented ones), short user messages and long-tailed assistant replies (log-normal
 * lengths: medians of 14 and 90 words, ~440 characters on average), conversations of
 * log-normal length, and users who own very different shares of it.
 */

/** xorshift32: a small, fast, seeded generator in [0, 1). */
export function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
}

const FUNCTION_WORDS = (
  'the a to and of i you it is that in for on with this be can my your are have as do at or if not but so what we ' +
  'was me an about how would from just like they there will all one more some when which out up get also then use ' +
  'make know think them by time good want need could should here well very much our other into any only because ' +
  'first than see way new these'
).split(' ');

/** Real words people search for; they land in the middle ranks (common, not stop words). */
export const CONTENT_WORDS = (
  'garden recipe holiday norway lasagna bread oven tomato basil homework fraction algebra photosynthesis volcano ' +
  'dinosaur guitar chord piano lesson birthday party cake invitation budget mortgage insurance receipt vacation ' +
  'flight hotel beach mountain hiking tent weather forecast snow winter summer spring autumn bicycle repair tyre ' +
  'chain brake engine battery laptop printer wifi router password backup photo album camera lens puppy kitten vet ' +
  'vaccine allergy doctor dentist appointment schedule calendar meeting email letter essay grammar spelling poem ' +
  'story chapter novel author library museum concert ticket football match score team coach training marathon ' +
  'soup curry noodle rice pasta salad dressing vinegar chocolate cookie muffin pancake waffle breakfast lunch dinner ' +
  'grocery shopping paint wallpaper shelf drill screw hammer plumbing leak faucet heating thermostat solar panel ' +
  'electricity kettle coffee espresso café naïve résumé jalapeño crème brûlée façade sourdough zucchini'
).split(' ');

const SYLLABLES = (
  'ka ro mi ten sal vor quin bel dra fu lo ne pri stam gor vi el an tur mek sha po lin dor bra cal fen gri hol ju ' +
  'kel mor nab pel ris tov ul wen yar zep'
).split(' ');

/** The vocabulary, most frequent first. */
export function vocabulary(size: number, random: () => number): string[] {
  const words = [...FUNCTION_WORDS];
  const seen = new Set(words);
  let next = 0;
  while (words.length < size) {
    // Every 7th slot from rank 150 on is a real content word, until they run out.
    if (words.length >= 150 && next < CONTENT_WORDS.length && words.length % 7 === 0) {
      const w = CONTENT_WORDS[next++]!;
      if (!seen.has(w)) {
        seen.add(w);
        words.push(w);
      }
      continue;
    }
    let w = '';
    for (let i = 2 + Math.floor(random() * 3); i > 0; i--) w += SYLLABLES[Math.floor(random() * SYLLABLES.length)];
    if (!seen.has(w)) {
      seen.add(w);
      words.push(w);
    }
  }
  return words;
}

/** Samples word ranks with P(rank k) ∝ 1 / k^s (s ≈ 1.07 fits English text). */
export function zipf(n: number, s: number, random: () => number): () => number {
  const cdf = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) cdf[i] = total += 1 / Math.pow(i + 1, s);
  for (let i = 0; i < n; i++) cdf[i]! /= total;
  return () => {
    const r = random();
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid]! < r) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

/** A log-normal integer ≥ 1 with the given median. */
export function logNormal(random: () => number, median: number, sigma: number): number {
  const z = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  return Math.max(1, Math.round(median * Math.exp(sigma * z)));
}

/** Text generator over one vocabulary. */
export type Writer = {
  words: string[];
  /** `n` words as sentences (capitals, full stops, the odd comma; replies sometimes a list). */
  text(n: number, list?: boolean): string;
  /** A user message or an assistant reply of realistic length. */
  message(role: 'user' | 'assistant'): string;
  /** A conversation title of 3–6 words. */
  title(): string;
};

/** A seeded writer. */
export function createWriter(seed: number, vocabularySize = 50_000): Writer {
  const random = rng(seed);
  const words = vocabulary(vocabularySize, random);
  const pick = zipf(words.length, 1.07, random);
  const text = (n: number, list = false): string => {
    let out = '';
    let inSentence = 0;
    for (let i = 0; i < n; i++) {
      let w = words[pick()]!;
      if (inSentence === 0) w = w[0]!.toUpperCase() + w.slice(1);
      out += w;
      inSentence++;
      if (inSentence > 6 && random() < 0.12) {
        out += list && random() < 0.5 ? '.\n- ' : '. ';
        inSentence = 0;
      } else out += random() < 0.05 ? ', ' : ' ';
    }
    return `${out.trimEnd()}.`;
  };
  return {
    words,
    text,
    message: (role) =>
      role === 'user' ? text(logNormal(random, 14, 0.8)) : text(logNormal(random, 90, 0.7), random() < 0.3),
    title: () => text(3 + Math.floor(random() * 4)).replace(/\.$/, ''),
  };
}
