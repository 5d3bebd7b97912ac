/**
 * Names and visibility of one model server: the server's own name (also for servers from
 * HEARTH_MODEL_SERVERS or auto-detection, whose address stays in the config), and for each of
 * its models a display name and whether members see it. What members see in the model picker.
 */
import { useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { AdminConnection } from '#common/admin';
import type { Model } from '#common/models';
import { api } from '#web/lib/api';
import { useModels } from '#web/features/models/models';
import { adminErrorText, refreshConnections } from '../admin';
import { ConcurrencyField } from './ConcurrencyField';

function ModelRow({ connectionId, model }: { connectionId: string; model: Model }) {
  const { t } = useTranslation('connections');
  const own = model.serverName ?? model.name;
  const [name, setName] = useState(model.serverName ? model.name : '');
  const [hidden, setHidden] = useState(!!model.hidden);
  const [saved, setSaved] = useState(false);
  const save = useMutation({
    mutationFn: () => api.adminUpdateModelSettings(connectionId, { model: own, name: name.trim() || null, hidden }),
    onSuccess: () => {
      setSaved(true);
      refreshConnections();
    },
  });
  const fieldId = `model-name-${connectionId}-${own}`;
  return (
    <li className="names-model" data-testid="names-model" data-model={own}>
      <label htmlFor={fieldId} className="names-model-label">
        {own}
      </label>
      <input
        id={fieldId}
        className="input"
        data-testid="names-model-name"
        maxLength={80}
        placeholder={t('names.modelPlaceholder')}
        value={name}
        onChange={(e) => {
          setSaved(false);
          setName(e.target.value);
        }}
      />
      <label className="check">
        <input
          type="checkbox"
          data-testid="names-model-hidden"
          checked={hidden}
          onChange={(e) => {
            setSaved(false);
            setHidden(e.target.checked);
          }}
        />{' '}
        {t('names.hide')}
      </label>
      <button
        type="button"
        className="btn btn-sm"
        data-testid="names-model-save"
        disabled={save.isPending}
        onClick={() => save.mutate()}
      >
        {t('names.save')}
      </button>
      {saved && (
        <span className="saved-note" role="status">
          {t('names.saved')}
        </span>
      )}
      {save.error && (
        <span className="notice-error" role="alert">
          {adminErrorText(save.error)}
        </span>
      )}
    </li>
  );
}

/** Props: the server whose names are edited. */
export function NamesPanel({ c }: { c: AdminConnection }) {
  const { t } = useTranslation('connections');
  const models = useModels();
  const [name, setName] = useState(c.name);
  const rename = useMutation({
    mutationFn: () => api.adminUpdateConnection(c.id, { name: name.trim() }),
    onSuccess: () => refreshConnections(),
  });
  const mine = (models.data?.items ?? []).filter((m) => m.connectionId === c.id);
  const nameId = `server-name-${c.id}`;
  return (
    <div className="names-panel" data-testid="names-panel">
      <div className="names-server">
        <label htmlFor={nameId}>{t('names.serverName')}</label>
        <input
          id={nameId}
          className="input"
          data-testid="names-server-name"
          maxLength={80}
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
        <button
          type="button"
          className="btn btn-sm"
          data-testid="names-server-save"
          disabled={rename.isPending || !name.trim()}
          onClick={() => rename.mutate()}
        >
          {t('names.rename')}
        </button>
        {rename.isSuccess && (
          <span className="saved-note" role="status">
            {t('names.saved')}
          </span>
        )}
        {rename.error && (
          <span className="notice-error" role="alert">
            {adminErrorText(rename.error)}
          </span>
        )}
      </div>
      <ConcurrencyField c={c} />
      {mine.length === 0 ? (
        <p className="hint">{t('names.noModels')}</p>
      ) : (
        <ul className="names-models" aria-label={t('names.modelsOn', { name: c.name })}>
          {mine.map((m) => (
            <ModelRow key={m.id} connectionId={c.id} model={m} />
          ))}
        </ul>
      )}
    </div>
  );
}
