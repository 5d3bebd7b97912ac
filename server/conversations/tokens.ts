/**
 * Token counting with a real BPE tokenizer: gpt-tokenizer's `o200k_base` (the GPT-4o family's
 * vocabulary; the ranks ship inside the npm package, nothing is downloaded). For Llama, Qwen,
 * Gemma, Mistral… it is an approximation — their vocabularies differ, typically by ±10–20 % on
 * prose — which is why the context window keeps a generous reserve for the reply.
 *
 * Speed: the vocabulary takes a few hundred ms to load, so it is loaded lazily, and only when a
 * conversation gets near its window (callers try `byteBound` first: a token is at least one byte).
 * BPE merging is quadratic in the length of one pre-tokenised piece (a 20 000-character run
 * without spaces takes over a minute), so long runs of non-space or space characters are cut
 * into short slices before encoding: the count stays within a token or two per slice.
 * Counts of saved messages are cached by id and length (a message never changes in place).
 */
import type { GptEncoding } from 'gpt-tokenizer/GptEncoding';

type Encoding = Pick<GptEncoding, 'encode' | 'decode'>;

/** Runs longer than this are sliced (see above). */
const LONG_RUN = /\S{48,}|\s{48,}/g;
const SLICE = 32;
/** Special-token text ("<|endoftext|>") in a message is plain text, never an error. */
const AS_TEXT = { disallowedSpecial: new Set<string>() };
const CACHE_MAX = 20_000;

let encoding: Encoding | null = null;
let loading: Promise<Encoding> | null = null;
const counts = new Map<string, number>();

/** Loads the vocabulary once (concurrent callers share the load). */
export function loadTokenizer(): Promise<Encoding> {
  if (encoding) return Promise.resolve(encoding);
  loading ??= import('gpt-tokenizer/encoding/o200k_base').then((m) => (encoding = m.default));
  return loading;
}

/** An upper bound of the token count of `text` that needs no tokenizer: its UTF-8 length. */
export const byteBound = (text: string): number => Buffer.byteLength(text, 'utf8');

/** Cuts `text` into pieces no longer than SLICE where it has long runs; keeps surrogate pairs whole. */
function* segments(text: string): Generator<string> {
  let at = 0;
  for (const match of text.matchAll(LONG_RUN)) {
    if (match.index > at) yield text.slice(at, match.index);
    const run = match[0];
    for (let i = 0; i < run.length;) {
      let end = Math.min(i + SLICE, run.length);
      const code = run.charCodeAt(end - 1);
      if (end < run.length && code >= 0xd800 && code <= 0xdbff) end += 1;
      yield run.slice(i, end);
      i = end;
    }
    at = match.index + run.length;
  }
  if (at < text.length) yield text.slice(at);
}

/** The tokens of `text` (after loadTokenizer). */
export function encodeText(enc: Encoding, text: string): number[] {
  const tokens: number[] = [];
  for (const part of segments(text)) {
    for (const t of enc.encode(part, AS_TEXT)) tokens.push(t);
  }
  return tokens;
}

/** How many tokens `text` has (after loadTokenizer). */
export function countText(enc: Encoding, text: string): number {
  let n = 0;
  for (const part of segments(text)) n += enc.encode(part, AS_TEXT).length;
  return n;
}

/** Token count of a saved message's text, cached by id and length. */
export function countMessage(enc: Encoding, id: string, content: string): number {
  const key = `${id}:${content.length}`;
  const hit = counts.get(key);
  if (hit !== undefined) return hit;
  const n = countText(enc, content);
  if (counts.size >= CACHE_MAX) counts.delete(counts.keys().next().value!);
  counts.set(key, n);
  return n;
}

/**
 * `text` cut to at most `max` tokens by leaving out its middle: the start of a pasted document
 * and the question after it both survive. `note(leftOutChars)` is put where the cut is.
 */
export function cutMiddle(enc: Encoding, text: string, max: number, note: (leftOutChars: number) => string): string {
  const tokens = encodeText(enc, text);
  if (tokens.length <= max) return text;
  const room = Math.max(0, max - countText(enc, note(text.length)));
  const tailCount = Math.floor(room / 3);
  // A cut may fall inside a multi-byte character: drop the replacement characters it leaves.
  const head = enc.decode(tokens.slice(0, room - tailCount)).replace(/\uFFFD+$/, '');
  const tail = tailCount > 0 ? enc.decode(tokens.slice(tokens.length - tailCount)).replace(/^\uFFFD+/, '') : '';
  return `${head}${note(text.length - head.length - tail.length)}${tail}`;
}
