/**
 * Every control of `PATCH /api/family/:userId` for one supervised member, edited as a draft and
 * saved at once with one button; the result is said in plain words ("Saved" or what went wrong).
 * A change from elsewhere (another guardian, an admin) replaces the draft unless it was edited.
 */
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AgeBand, FamilyEntry } from '#common/family';
import { errorText } from '#web/lib/errors';
import { SavedNote } from '#web/lib/ui/Section';
import { useModels } from '#web/features/models/models';
import { AccessFields } from './AccessFields';
import { draftOf, patchOf, type Draft } from './draft';
import { useSaveControls } from './family';
import { nameOf } from './format';
import { QuietHoursEditor } from './QuietHoursEditor';

const AGE_BANDS: AgeBand[] = ['under9', '9to12', '13to17'];
/** The daily budgets, by their field names. */
const BUDGETS = ['dailyMessages', 'dailyTokens'] as const;

/** A budget field's value: '' is "no limit" (null). */
const budgetOf = (text: string): number | null => (text.trim() === '' ? null : Math.max(0, Math.floor(Number(text))));

type Props = {
  entry: FamilyEntry;
  /** The signed-in person is one of this member's guardians (only they may turn on transcripts). */
  isGuardian: boolean;
};

/** Props: the member's entry and whether the viewer is their guardian. */
export function ControlsForm({ entry, isGuardian }: Props) {
  const { t } = useTranslation('family');
  const id = entry.user.id;
  const [draft, setDraft] = useState<Draft>(() => draftOf(entry.controls));
  const edited = useRef(false);
  const save = useSaveControls(id);
  const models = useModels();

  useEffect(() => {
    if (!edited.current) setDraft(draftOf(entry.controls));
  }, [entry.controls]);

  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => {
    edited.current = true;
    setDraft((d) => ({ ...d, [key]: value }));
    save.reset();
  };
  const patch = patchOf(entry.controls, draft);
  const dirty = Object.keys(patch).length > 0;
  const name = nameOf(entry.user);
  const transcriptsLocked = !isGuardian && !draft.fullTranscripts;

  return (
    <form
      className="family-controls"
      data-testid="family-controls"
      onSubmit={(e) => {
        e.preventDefault();
        if (!dirty) return;
        save.mutate(patch, {
          onSuccess: (fresh) => {
            edited.current = false;
            setDraft(draftOf(fresh.controls));
          },
        });
      }}
    >
      <div className="form-row">
        <div className="field">
          <label htmlFor={`age-${id}`}>{t('controls.ageBand')}</label>
          <select
            id={`age-${id}`}
            className="input select"
            data-testid="control-age-band"
            value={draft.ageBand ?? ''}
            onChange={(e) => set('ageBand', (e.target.value || null) as AgeBand | null)}
          >
            <option value="">{t('controls.ageNone')}</option>
            {AGE_BANDS.map((b) => (
              <option key={b} value={b}>
                {t(`controls.age.${b}`)}
              </option>
            ))}
          </select>
          <span className="hint">{t('controls.ageHint')}</span>
        </div>
      </div>

      <QuietHoursEditor idPrefix={`quiet-${id}`} value={draft.quietHours} onChange={(v) => set('quietHours', v)} />
      <label className="check">
        <input
          type="checkbox"
          data-testid="control-quiet-people-chat"
          checked={draft.quietHoursPeopleChat}
          onChange={(e) => set('quietHoursPeopleChat', e.target.checked)}
        />
        <span className="check-text">
          <span>{t('controls.quietPeopleChat')}</span>
          <span className="check-hint">{t('controls.quietPeopleChatHint')}</span>
        </span>
      </label>

      <fieldset className="family-fieldset">
        <legend>{t('controls.budgetLegend')}</legend>
        <div className="form-row">
          {BUDGETS.map((k) => (
            <div className="field" key={k}>
              <label htmlFor={`${k}-${id}`}>{t(`controls.${k}`)}</label>
              <input
                id={`${k}-${id}`}
                className="input"
                type="number"
                min={0}
                inputMode="numeric"
                data-testid={`control-${k}`}
                placeholder={t('controls.noLimit')}
                value={draft[k] ?? ''}
                onChange={(e) => set(k, budgetOf(e.target.value))}
              />
            </div>
          ))}
        </div>
        <p className="hint">{t('controls.budgetHint')}</p>
      </fieldset>

      <AccessFields childId={id} draft={draft} set={set} />

      <fieldset className="family-fieldset">
        <legend>{t('controls.seeLegend')}</legend>
        <label className="check">
          <input
            type="checkbox"
            data-testid="control-full-transcripts"
            checked={draft.fullTranscripts}
            disabled={transcriptsLocked}
            aria-describedby={`transcripts-${id}`}
            onChange={(e) => set('fullTranscripts', e.target.checked)}
          />
          <span className="check-text">
            <span>{t('controls.transcripts')}</span>
            <span className="check-hint" id={`transcripts-${id}`} data-testid="transcripts-hint">
              {transcriptsLocked ? t('controls.transcriptsLocked', { name }) : t('controls.transcriptsHint', { name })}
            </span>
          </span>
        </label>
      </fieldset>

      <fieldset className="family-fieldset">
        <legend>{t('controls.filterLegend')}</legend>
        <div className="form-row">
          <div className="field">
            <label htmlFor={`block-${id}`}>{t('controls.blockWords')}</label>
            <textarea
              id={`block-${id}`}
              className="input family-words"
              data-testid="control-block-words"
              value={draft.blockText}
              onChange={(e) => set('blockText', e.target.value)}
            />
            <span className="hint">{t('controls.blockHint')}</span>
          </div>
          <div className="field">
            <label htmlFor={`allow-${id}`}>{t('controls.allowWords')}</label>
            <textarea
              id={`allow-${id}`}
              className="input family-words"
              data-testid="control-allow-words"
              value={draft.allowText}
              onChange={(e) => set('allowText', e.target.value)}
            />
            <span className="hint">{t('controls.allowHint')}</span>
          </div>
        </div>
        <div className="field">
          <label htmlFor={`moderation-${id}`}>{t('controls.moderationModel')}</label>
          <select
            id={`moderation-${id}`}
            className="input select"
            data-testid="control-moderation-model"
            value={draft.moderationModel ?? ''}
            onChange={(e) => set('moderationModel', e.target.value || null)}
          >
            <option value="">{t('controls.moderationNone')}</option>
            {draft.moderationModel && !models.data?.items.some((m) => m.id === draft.moderationModel) && (
              <option value={draft.moderationModel}>{draft.moderationModel}</option>
            )}
            {(models.data?.items ?? []).map((m) => (
              <option key={m.id} value={m.id}>
                {m.name} · {m.connectionName}
              </option>
            ))}
          </select>
          <span className="hint">{t('controls.moderationHint')}</span>
        </div>
      </fieldset>

      <div className="form-actions family-save">
        <button
          type="submit"
          className="btn btn-primary"
          data-testid="save-controls"
          disabled={!dirty || save.isPending}
        >
          {save.isPending ? t('controls.saving') : t('controls.save')}
        </button>
        {save.isSuccess && !dirty && <SavedNote testId="controls-saved">{t('controls.saved')}</SavedNote>}
        {save.isError && (
          <p className="field-error" role="alert" data-testid="controls-error">
            {t('controls.saveError', { reason: errorText(save.error) })}
          </p>
        )}
        {dirty && !save.isPending && <span className="hint">{t('controls.unsaved')}</span>}
      </div>
    </form>
  );
}
