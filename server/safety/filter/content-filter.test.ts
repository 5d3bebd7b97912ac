/**
 * The local content filter against its corpus (150 messages, English and German): measured
 * precision and recall are printed; every Scunthorpe case must pass; a word split across stream
 * deltas still matches; household block and allow words work.
 */
import { describe, expect, it } from 'vitest';
import { createContentFilter, normalise } from './content-filter';
import { CORPUS, SCUNTHORPE } from './corpus';
import { createStreamCheck, STREAM_WINDOW } from './stream-check';

const filter = createContentFilter();

describe('the corpus', () => {
  it('holds at least 150 messages in two languages, every category and the harmless look-alikes', () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(150);
    expect(new Set(CORPUS.map((e) => e.lang))).toEqual(new Set(['en', 'de']));
    expect(new Set(CORPUS.map((e) => e.expect))).toEqual(
      new Set([null, 'profanity', 'self_harm', 'sexual', 'violence', 'contact_details']),
    );
  });

  it('is caught with high precision and recall (printed), the right category for each hit', () => {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    let wrongCategory = 0;
    const misses: string[] = [];
    for (const entry of CORPUS) {
      const hit = filter.check(entry.text);
      if (entry.expect && hit) {
        tp++;
        if (hit.category !== entry.expect) {
          wrongCategory++;
          misses.push(`category ${hit.category} ≠ ${entry.expect}: ${entry.text}`);
        }
      } else if (entry.expect && !hit) {
        fn++;
        misses.push(`missed (${entry.expect}): ${entry.text}`);
      } else if (!entry.expect && hit) {
        fp++;
        misses.push(`false alarm (${hit.category} on "${hit.excerpt}"): ${entry.text}`);
      }
    }
    const precision = tp / (tp + fp);
    const recall = tp / (tp + fn);
    console.log(
      `content filter on ${CORPUS.length} messages: precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)}, ` +
        `${wrongCategory} in the wrong category${misses.length ? `\n  ${misses.join('\n  ')}` : ''}`,
    );
    expect(precision).toBeGreaterThanOrEqual(0.97);
    expect(recall).toBeGreaterThanOrEqual(0.95);
    expect(wrongCategory).toBeLessThanOrEqual(2);
  });

  it.each(SCUNTHORPE.map((e) => [e.text]))('lets "%s" through', (text) => {
    expect(filter.check(text)).toBeNull();
  });
});

describe('obfuscation', () => {
  it('joins spaced-out letters and folds look-alikes before matching', () => {
    expect(normalise('f u c k')).toBe('fuck');
    expect(normalise('b.i.t.c.h')).toBe('bitch');
    expect(normalise('Scheiße')).toBe('Scheisse');
    // Ordinary short words are not glued together.
    expect(normalise('I am a cat')).toBe('I am a cat');
  });
});

describe('a reply checked while it streams', () => {
  it('catches a phrase split across deltas, at the delta that completes it', () => {
    const check = createStreamCheck(filter);
    const deltas = ['Sometimes people say ', 'they want to ki', 'll mys', 'elf, and', ' that is serious.'];
    const hits = deltas.map((d) => check.push(d));
    expect(hits.slice(0, 3)).toEqual([null, null, null]);
    expect(hits[3]).toMatchObject({ category: 'self_harm' });
    expect(hits[4]).toBeNull(); // once: the caller has stopped the reply
  });

  it('catches a word split one letter at a time, far into a long reply', () => {
    const check = createStreamCheck(filter);
    const long = 'The river runs to the sea. '.repeat(200);
    for (let i = 0; i < long.length; i += 7) expect(check.push(long.slice(i, i + 7))).toBeNull();
    const hits = [...'what an asshole'].map((c) => check.push(c));
    expect(hits.filter(Boolean)).toHaveLength(1);
  });

  it('checking every few characters still finds a split word, and says how far it has read', () => {
    const check = createStreamCheck(filter, { minChars: 16 });
    const pieces = ['Some people ', 'say they want', ' to ki', 'll mys', 'elf.'];
    const hits = pieces.slice(0, 4).map((p) => check.push(p));
    // Not read yet: the last check was at "…they want" (16 new characters are waited for).
    expect(hits.some(Boolean)).toBe(false);
    expect(check.checked).toBe('Some people say they want'.length);
    // "kill myself" is complete with the last piece, which brings the 16th new character.
    expect(check.push(pieces[4]!)).toMatchObject({ category: 'self_harm' });
    const clean = createStreamCheck(filter, { minChars: 16 });
    clean.push('A calm ');
    expect(clean.checked).toBe(0);
    expect(clean.flush()).toBeNull();
    expect(clean.checked).toBe('A calm '.length);
  });

  it('does not see a bad word at a window cut inside a harmless one', () => {
    const check = createStreamCheck(filter);
    // Put "Scunthorpe" where the window would start mid-word.
    const lead = 'x'.repeat(STREAM_WINDOW - 2);
    expect(check.push(`${lead} S`)).toBeNull();
    expect(check.push('cunthorpe is a town.')).toBeNull();
    expect(check.push(' '.repeat(10) + 'More text follows here.')).toBeNull();
  });
});

describe('the household’s own lists', () => {
  it('blocks an added word, with its obfuscations, and lets an allowed one through', () => {
    const household = createContentFilter({ blockWords: ['fortnite'], allowWords: ['bitch'] });
    expect(household.check('can I play Fortnite?')).toMatchObject({ category: 'profanity' });
    expect(household.check('f0rtn1te now')).toMatchObject({ category: 'profanity' });
    expect(household.check('the dog is a bitch (a female dog)')).toBeNull();
    // The defaults still apply.
    expect(household.check('I want to kill myself')).toMatchObject({ category: 'self_harm' });
  });
});
