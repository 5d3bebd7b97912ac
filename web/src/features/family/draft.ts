/**
 * The controls form's draft: the member's controls as the form edits them (word lists as the
 * text typed, one per line), and the PATCH body of what changed.
 */
import type { FamilyControls, FamilyControlsPatch } from '#common/family';

/** The controls being edited; the word lists stay text until saved, so typing a new line works. */
export type Draft = Omit<FamilyControls, 'filter'> & {
  blockText: string;
  allowText: string;
  moderationModel: string | null;
};

/** A draft from the saved controls. */
export function draftOf(c: FamilyControls): Draft {
  const { filter, ...rest } = c;
  return {
    ...rest,
    blockText: filter.blockWords.join('\n'),
    allowText: filter.allowWords.join('\n'),
    moderationModel: filter.moderationModel,
  };
}

/** One word or phrase per line, blanks and repeats dropped. */
export function wordsOf(text: string): string[] {
  return [
    ...new Set(
      text
        .split('\n')
        .map((w) => w.trim())
        .filter(Boolean),
    ),
  ];
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The PATCH body: only the controls that differ from the saved ones (empty: nothing to save). */
export function patchOf(saved: FamilyControls, draft: Draft): FamilyControlsPatch {
  const patch: FamilyControlsPatch = {};
  const keys = [
    'ageBand',
    'quietHours',
    'quietHoursPeopleChat',
    'dailyMessages',
    'dailyTokens',
    'taskIds',
    'modelIds',
    'peopleChat',
    'directMessagesWith',
    'allowTokens',
    'allowDeleteHistory',
    'fullTranscripts',
  ] as const;
  for (const k of keys) {
    if (!same(saved[k], draft[k])) Object.assign(patch, { [k]: draft[k] });
  }
  const filter: NonNullable<FamilyControlsPatch['filter']> = {};
  const blockWords = wordsOf(draft.blockText);
  const allowWords = wordsOf(draft.allowText);
  if (!same(saved.filter.blockWords, blockWords)) filter.blockWords = blockWords;
  if (!same(saved.filter.allowWords, allowWords)) filter.allowWords = allowWords;
  if (saved.filter.moderationModel !== draft.moderationModel) filter.moderationModel = draft.moderationModel;
  if (Object.keys(filter).length > 0) patch.filter = filter;
  return patch;
}
