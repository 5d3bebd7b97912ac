/**
 * What a supervised member may use: tasks and models (the admin console's allow-lists), people
 * chat, whom they may message directly, API tokens (three states) and deleting their history.
 */
import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { AllowListEditor, type AllowItem } from '#web/features/admin/users/AllowListEditor';
import { useModels } from '#web/features/models/models';
import { useTasks } from '#web/features/chat/tasks';
import { messagingApi } from '#web/features/messaging/api';
import type { Draft } from './draft';
import { nameOf } from './format';

/** The API-token choices, in order: the terminal only (the default), all, none. */
const TOKEN_CHOICES = ['terminal', 'all', 'none'] as const;

type Props = {
  childId: string;
  draft: Draft;
  set: <K extends keyof Draft>(key: K, value: Draft[K]) => void;
};

/** Props: the member, the draft and its setter. */
export function AccessFields({ childId, draft, set }: Props) {
  const { t } = useTranslation('family');
  const models = useModels();
  const tasks = useTasks();
  const people = useQuery({
    queryKey: ['family', 'people'],
    queryFn: ({ signal }) => messagingApi.people(signal),
    enabled: draft.directMessagesWith !== 'everyone',
    staleTime: 60_000,
  });
  const modelItems = useMemo<AllowItem[]>(
    () => (models.data?.items ?? []).map((m) => ({ id: m.id, label: m.name, group: m.connectionName })),
    [models.data],
  );
  const taskItems = useMemo<AllowItem[]>(
    () => (tasks.data?.items ?? []).map((x) => ({ id: x.id, label: `${x.icon ? `${x.icon} ` : ''}${x.name}` })),
    [tasks.data],
  );
  const others = (people.data?.items ?? []).filter((p) => p.id !== childId);
  const listed = draft.directMessagesWith === 'everyone' ? [] : draft.directMessagesWith;
  const tokens = draft.allowTokens === null ? 'terminal' : draft.allowTokens ? 'all' : 'none';

  return (
    <>
      <div className="allow-columns">
        <AllowListEditor
          legend={t('access.models')}
          noun="models"
          items={modelItems}
          value={draft.modelIds}
          onChange={(v) => set('modelIds', v)}
        />
        <AllowListEditor
          legend={t('access.tasks')}
          noun="tasks"
          items={taskItems}
          value={draft.taskIds}
          onChange={(v) => set('taskIds', v)}
        />
      </div>
      <fieldset className="family-fieldset">
        <legend>{t('access.peopleLegend')}</legend>
        <label className="check">
          <input
            type="checkbox"
            data-testid="control-people-chat"
            checked={draft.peopleChat}
            onChange={(e) => set('peopleChat', e.target.checked)}
          />
          <span className="check-text">
            <span>{t('access.peopleChat')}</span>
            <span className="check-hint">{t('access.peopleChatHint')}</span>
          </span>
        </label>
        <div role="radiogroup" aria-label={t('access.dmLegend')} className="family-radios">
          <span className="family-sublabel">{t('access.dmLegend')}</span>
          <label className="check">
            <input
              type="radio"
              data-testid="dm-everyone"
              checked={draft.directMessagesWith === 'everyone'}
              onChange={() => set('directMessagesWith', 'everyone')}
            />
            <span>{t('access.dmEveryone')}</span>
          </label>
          <label className="check">
            <input
              type="radio"
              data-testid="dm-listed"
              checked={draft.directMessagesWith !== 'everyone'}
              onChange={() => set('directMessagesWith', [])}
            />
            <span className="check-text">
              <span>{t('access.dmListed')}</span>
              <span className="check-hint">{t('access.dmListedHint')}</span>
            </span>
          </label>
          {draft.directMessagesWith !== 'everyone' && (
            <div className="allow-items" data-testid="dm-people">
              {people.isError && <p className="field-error">{t('access.peopleError')}</p>}
              {others.map((p) => (
                <label key={p.id} className="check">
                  <input
                    type="checkbox"
                    checked={listed.includes(p.id)}
                    onChange={(e) =>
                      set('directMessagesWith', e.target.checked ? [...listed, p.id] : listed.filter((x) => x !== p.id))
                    }
                  />
                  <span>{nameOf(p)}</span>
                </label>
              ))}
              {listed.length === 0 && <p className="hint">{t('access.dmNobody')}</p>}
            </div>
          )}
        </div>
      </fieldset>
      <fieldset className="family-fieldset" data-testid="control-tokens">
        <legend>{t('access.tokensLegend')}</legend>
        {TOKEN_CHOICES.map((v) => (
          <label key={v} className="check">
            <input
              type="radio"
              data-testid={`tokens-${v}`}
              checked={tokens === v}
              onChange={() => set('allowTokens', v === 'terminal' ? null : v === 'all')}
            />
            <span className="check-text">
              <span>{t(`access.tokens.${v}`)}</span>
              <span className="check-hint">{t(`access.tokens.${v}Hint`)}</span>
            </span>
          </label>
        ))}
      </fieldset>
      <label className="check">
        <input
          type="checkbox"
          data-testid="control-delete-history"
          checked={draft.allowDeleteHistory}
          onChange={(e) => set('allowDeleteHistory', e.target.checked)}
        />
        <span className="check-text">
          <span>{t('access.deleteHistory')}</span>
          <span className="check-hint">{t('access.deleteHistoryHint')}</span>
        </span>
      </label>
    </>
  );
}
