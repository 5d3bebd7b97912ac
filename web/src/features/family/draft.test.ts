import { describe, expect, it } from 'vitest';
import { DEFAULT_FAMILY_CONTROLS, FamilyControlsPatch, type FamilyControls } from '#common/family';
import { parseRoute } from '#web/lib/router';
import { draftOf, patchOf, wordsOf } from './draft';
import { familyPath } from './paths';

const saved: FamilyControls = {
  ...DEFAULT_FAMILY_CONTROLS,
  dailyMessages: 20,
  quietHours: [{ days: [1, 2], from: '21:00', to: '07:00' }],
  filter: { blockWords: ['pineapple'], allowWords: [], moderationModel: null },
};

describe('the Family controls draft', () => {
  it('sends nothing when nothing changed, word lists included', () => {
    expect(patchOf(saved, draftOf(saved))).toEqual({});
  });

  it('sends only what changed, as the contract spells it (null clears a limit)', () => {
    const draft = {
      ...draftOf(saved),
      dailyMessages: null,
      allowTokens: false,
      blockText: 'pineapple\n  mango \n\nmango\n',
    };
    const patch = patchOf(saved, draft);
    expect(patch).toEqual({ dailyMessages: null, allowTokens: false, filter: { blockWords: ['pineapple', 'mango'] } });
    expect(FamilyControlsPatch.safeParse(patch).success).toBe(true);
  });

  it('sends the whole quiet-hours list when one rule is removed', () => {
    const patch = patchOf(saved, { ...draftOf(saved), quietHours: [] });
    expect(patch).toEqual({ quietHours: [] });
  });

  it('reads one word or phrase per line', () => {
    expect(wordsOf(' a b \n\nc\na b')).toEqual(['a b', 'c']);
  });
});

describe('the Family page address', () => {
  it('round-trips the member and the conversation open in the viewer', () => {
    expect(parseRoute('/family', '')).toEqual({ name: 'family', childId: null, conversationId: null });
    const url = new URL(familyPath('u 1', 'c/2'), 'http://x');
    expect(parseRoute(url.pathname, url.search)).toEqual({ name: 'family', childId: 'u 1', conversationId: 'c/2' });
  });
});
