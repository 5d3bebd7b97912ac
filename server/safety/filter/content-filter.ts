/**
 * The local content filter for supervised members (issue 13): every check runs in this process,
 * nothing leaves the house. Swearing and slurs come from a maintained word-list library
 * (obscenity: English data set, look-alike letters, leetspeak, stretched letters), the other
 * categories from Hearth's own phrase lists (phrases.ts) matched the same way, plus patterns for
 * phone numbers and e-mail addresses. A household adds block and allow words of its own.
 *
 * Before matching, text is normalised once more than the library does: Unicode compatibility
 * forms and `ß` (so German words match), and letters spaced out to dodge a filter
 * (`f u c k`, `b.i.t.c.h`) are joined.
 */
import {
  DataSet,
  RegExpMatcher,
  englishDataset,
  englishRecommendedTransformers,
  parseRawPattern,
  type MatchPayload,
} from 'obscenity';
import { CATEGORY_PATTERNS, CONTACT_PATTERNS, DEFAULT_ALLOW_WORDS, type FilterCategory } from './phrases';

export type { FilterCategory } from './phrases';

/** What the filter found: the category, and the matched words as they stood in the text. */
export type FilterHit = { category: FilterCategory; excerpt: string };

/** A household's own additions (the Family page's block and allow lists). */
export type FilterOptions = { blockWords?: readonly string[]; allowWords?: readonly string[] };

/** A built filter: `check` answers the first hit, or null for clean text. */
export type ContentFilter = { check(text: string): FilterHit | null };

type Meta = { category: FilterCategory; originalWord: string };

/** Phone numbers (7+ digits, spaces, dots or dashes between) and e-mail addresses. */
const CONTACT_REGEXES: readonly RegExp[] = [
  /(?<![\w.])\+?\d(?:[\s.\-/()]*\d){6,14}(?![\w.])/u,
  /\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b/u,
];

/** Letters spaced out one at a time (`f u c k`, `b.i.t.c.h`): three or more in a row. */
const SPACED_LETTERS = /(?<!\p{L})\p{L}(?:[\s.\-_*]{1,2}\p{L}(?!\p{L})){2,}/gu;

/** The text as the matcher sees it: compatibility forms folded, `ß` spelled out, spaced letters joined. */
export function normalise(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/ß/g, 'ss')
    .replace(/[’‘`]/g, "'")
    .replace(SPACED_LETTERS, (run) => run.replace(/[\s.\-_*]/g, ''));
}

/**
 * The matcher folds runs of a repeated letter in the text it reads (so `fuuuck` is `fuck`), but
 * not in patterns: a pattern must be written as the text will look. Letters the library lets
 * stand twice (l, s, e, o, b, g: "kill", "kiss", "feel", "book") keep two; the rest keep one.
 */
const DOUBLE_ALLOWED = new Set(['l', 's', 'e', 'o', 'b', 'g']);
function foldLikeMatcher(pattern: string): string {
  return pattern.replace(/(\p{L})\1+/gu, (run, letter: string) =>
    DOUBLE_ALLOWED.has(letter.toLowerCase()) ? letter.repeat(Math.min(2, run.length)) : letter,
  );
}

/** A pattern of ours, in the form the matcher compares against. */
const phrasePattern = (raw: string) => parseRawPattern(foldLikeMatcher(raw));

/** A literal word or phrase from a household list as an obscenity pattern (word boundaries at both ends). */
function literalPattern(word: string) {
  const safe = normalise(word.trim().toLowerCase()).replace(/[[\]|?\\]/g, '');
  return phrasePattern(`|${safe}|`);
}

/** When one text has hits of several kinds, the one a guardian most needs to hear of is named. */
const PRIORITY: readonly FilterCategory[] = ['self_harm', 'violence', 'sexual', 'contact_details', 'profanity'];

/** Builds a filter; cheap enough to build per household (cached by the caller). */
export function createContentFilter(options: FilterOptions = {}): ContentFilter {
  const data = new DataSet<Meta>().addAll(englishDataset as unknown as DataSet<Meta>);
  const add = (category: FilterCategory, patterns: readonly string[]) => {
    for (const raw of patterns) {
      data.addPhrase((p) => p.setMetadata({ category, originalWord: raw }).addPattern(phrasePattern(raw)));
    }
  };
  for (const [category, patterns] of Object.entries(CATEGORY_PATTERNS)) add(category as FilterCategory, patterns);
  add('contact_details', CONTACT_PATTERNS);
  for (const word of options.blockWords ?? []) {
    if (!word.trim()) continue;
    data.addPhrase((p) =>
      p.setMetadata({ category: 'profanity', originalWord: word }).addPattern(literalPattern(word)),
    );
  }
  const allow = [...DEFAULT_ALLOW_WORDS, ...(options.allowWords ?? [])].map((w) => normalise(w.trim().toLowerCase()));
  const built = data.build();
  const matcher = new RegExpMatcher({
    ...built,
    ...englishRecommendedTransformers,
    whitelistedTerms: [...(built.whitelistedTerms ?? []), ...allow.filter(Boolean)],
  });
  // obscenity's English set has no category: everything in it is swearing or a slur.
  const categoryOf = (match: MatchPayload): FilterCategory =>
    data.getPayloadWithPhraseMetadata(match).phraseMetadata?.category ?? 'profanity';

  return {
    check(text) {
      const seen = normalise(text);
      const matches = matcher.getAllMatches(seen, true);
      if (matches.length > 0) {
        const ranked = matches
          .map((m) => ({ m, category: categoryOf(m) }))
          .sort((a, b) => PRIORITY.indexOf(a.category) - PRIORITY.indexOf(b.category));
        const { m, category } = ranked[0]!;
        return { category, excerpt: seen.slice(m.startIndex, m.endIndex + 1) };
      }
      for (const regex of CONTACT_REGEXES) {
        const found = regex.exec(seen);
        if (found) return { category: 'contact_details', excerpt: found[0] };
      }
      return null;
    },
  };
}
