/**
 * Adding or editing a model server. The API key is write-only: a saved key shows as "saved",
 * with Replace and Remove; it is never sent to the browser. Test tries the draft before saving.
 */
import { useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { ApiError } from '#common/api-client';
import type { AdminConnection, UpdateConnectionBody } from '#common/admin';
import type { ProviderKind } from '#common/models';
import { api } from '#web/lib/api';
import { FormDialog } from '#web/lib/ui/FormDialog';
import { TextField } from '#web/lib/ui/TextField';
import { adminErrorText, refreshConnections } from '../admin';
import { presetFor, presets, type Preset } from './presets';
import { TestResult } from './TestResult';

type KeyMode = 'keep' | 'replace' | 'clear';
type Draft = {
  name: string;
  provider: ProviderKind;
  baseUrl: string;
  apiKey: string;
  keyMode: KeyMode;
  enabled: boolean;
};
type FieldErrors = Partial<Record<'name' | 'baseUrl' | 'apiKey', string>>;

const validUrl = (s: string) => /^https?:\/\//i.test(s.trim()) && URL.canParse(s.trim());

/** The shape of a Hugging Face token (they start with hf_), the same in every language. */
const HF_KEY_SHAPE = 'hf_…';

function validate(d: Draft, needsKey: boolean, hasKey: boolean, t: TFunction<'connections'>): FieldErrors {
  const e: FieldErrors = {};
  if (!d.name.trim()) e.name = t('validate.name');
  if (!validUrl(d.baseUrl)) e.baseUrl = t('validate.baseUrl');
  const willHaveKey = d.keyMode === 'keep' ? hasKey : d.keyMode === 'replace' && d.apiKey.trim() !== '';
  if (d.keyMode === 'replace' && hasKey && !d.apiKey.trim()) e.apiKey = t('validate.newKey');
  else if (needsKey && !willHaveKey) e.apiKey = t('validate.needsKey');
  return e;
}

type Props = {
  /** The connection to edit; null to add one. */
  connection: AdminConnection | null;
  onClose: () => void;
  onSaved: (c: AdminConnection, created: boolean) => void;
};

function ConnectionForm({ connection, onClose, onSaved }: Props) {
  const { t } = useTranslation('connections');
  const editing = connection !== null;
  const hasKey = connection?.hasApiKey ?? false;
  const [preset, setPreset] = useState<Preset>(() =>
    connection ? presetFor(connection.provider, connection.baseUrl) : presets[0]!,
  );
  const [draft, setDraft] = useState<Draft>(() => ({
    name: connection?.name ?? preset.name,
    provider: connection?.provider ?? preset.provider,
    baseUrl: connection?.baseUrl ?? preset.baseUrl,
    apiKey: '',
    keyMode: hasKey ? 'keep' : 'replace',
    enabled: connection?.enabled ?? true,
  }));
  const [errors, setErrors] = useState<FieldErrors>({});
  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => {
    setDraft((d) => ({ ...d, [k]: v }));
    setErrors((e) => ({ ...e, [k]: undefined }));
    test.reset();
  };

  const choosePreset = (p: Preset) => {
    setPreset(p);
    setDraft((d) => ({
      ...d,
      provider: p.provider,
      baseUrl: p.baseUrl,
      name: !d.name.trim() || presets.some((x) => x.name === d.name) ? p.name : d.name,
    }));
    setErrors({});
    test.reset();
  };

  const keyForRequest = draft.keyMode === 'replace' && draft.apiKey.trim() ? draft.apiKey.trim() : undefined;
  const test = useMutation({
    mutationFn: () =>
      api.adminTestConnectionDraft({
        provider: draft.provider,
        baseUrl: draft.baseUrl.trim(),
        apiKey: keyForRequest,
        // Testing an edit with the key left as saved: the server uses the stored key.
        connectionId: editing && draft.keyMode === 'keep' ? connection.id : undefined,
      }),
  });

  const save = useMutation({
    mutationFn: async () => {
      if (!editing) {
        return api.adminCreateConnection({
          name: draft.name.trim(),
          provider: draft.provider,
          baseUrl: draft.baseUrl.trim(),
          apiKey: keyForRequest,
          enabled: draft.enabled,
        });
      }
      const body: UpdateConnectionBody = {};
      if (draft.name.trim() !== connection.name) body.name = draft.name.trim();
      if (draft.provider !== connection.provider) body.provider = draft.provider;
      if (draft.baseUrl.trim() !== connection.baseUrl) body.baseUrl = draft.baseUrl.trim();
      if (draft.enabled !== connection.enabled) body.enabled = draft.enabled;
      if (draft.keyMode === 'clear') body.apiKey = null;
      else if (keyForRequest) body.apiKey = keyForRequest;
      return api.adminUpdateConnection(connection.id, body);
    },
    onSuccess: (c) => {
      refreshConnections();
      onSaved(c, !editing);
    },
    onError: (err) => {
      if (err instanceof ApiError && (err.field === 'name' || err.field === 'baseUrl' || err.field === 'apiKey'))
        setErrors({ [err.field]: err.message });
    },
  });

  const submit = () => {
    const found = validate(draft, preset.needsKey, hasKey, t);
    setErrors(found);
    if (Object.keys(found).length === 0) save.mutate();
  };
  const runTest = () => {
    if (!validUrl(draft.baseUrl)) {
      setErrors((e) => ({ ...e, baseUrl: t('validate.baseUrl') }));
      return;
    }
    test.mutate();
  };
  const fieldError =
    save.error instanceof ApiError && !!save.error.field && ['name', 'baseUrl', 'apiKey'].includes(save.error.field);

  return (
    <FormDialog
      open
      wide
      title={editing ? t('dialog.editTitle', { name: connection.name }) : t('dialog.addTitle')}
      submitLabel={editing ? t('dialog.saveChanges') : t('dialog.addServer')}
      busy={save.isPending}
      error={save.isError && !fieldError ? adminErrorText(save.error) : null}
      testId="connection-dialog"
      onSubmit={submit}
      onClose={onClose}
      footerStart={
        <button
          type="button"
          className="btn"
          data-testid="connection-dialog-test"
          disabled={test.isPending}
          onClick={runTest}
        >
          {t('dialog.test')}
        </button>
      }
    >
      {!editing && (
        <fieldset className="preset-choices">
          <legend>{t('dialog.kind')}</legend>
          <div className="segmented segmented-4" role="radiogroup" aria-label={t('dialog.kind')}>
            {presets.map((p) => (
              <label key={p.id} className="segment" data-testid={`connection-preset-${p.id}`}>
                <input type="radio" name="preset" checked={preset.id === p.id} onChange={() => choosePreset(p)} />
                <span className="segment-label">{t(`presets.${p.id}.label`)}</span>
              </label>
            ))}
          </div>
        </fieldset>
      )}
      <p className="hint preset-hint">{t(`presets.${preset.id}.hint`)}</p>
      <div className="form-row">
        <TextField
          id="connection-name"
          label={t('dialog.name')}
          testId="connection-name"
          value={draft.name}
          error={errors.name}
          onChange={(v) => set('name', v)}
          inputProps={{ maxLength: 80, autoComplete: 'off', placeholder: t('dialog.namePlaceholder') }}
        />
        <div className="field">
          <label htmlFor="connection-provider">{t('dialog.speaks')}</label>
          <select
            id="connection-provider"
            className="input select"
            data-testid="connection-provider"
            value={draft.provider}
            onChange={(e) => set('provider', e.target.value === 'ollama' ? 'ollama' : 'openai')}
          >
            <option value="openai">{t('dialog.openaiApi')}</option>
            <option value="ollama">{t('dialog.ollamaApi')}</option>
          </select>
        </div>
      </div>
      <TextField
        id="connection-url"
        label={t('dialog.address')}
        testId="connection-url"
        value={draft.baseUrl}
        error={errors.baseUrl}
        onChange={(v) => set('baseUrl', v)}
        inputProps={{
          inputMode: 'url',
          autoComplete: 'off',
          spellCheck: false,
          autoCapitalize: 'none',
          placeholder: 'http://192.168.1.20:1234/v1',
        }}
      />
      <div className="field">
        <label htmlFor="connection-key">{preset.needsKey ? t('dialog.apiKey') : t('dialog.apiKeyOptional')}</label>
        {draft.keyMode === 'keep' ? (
          <div className="key-saved" data-testid="connection-key-saved">
            <span className="badge badge-ok">{t('dialog.keySaved')}</span>
            <span className="hint">{t('dialog.keyKept')}</span>
            <span className="key-actions">
              <button
                type="button"
                className="btn btn-sm"
                data-testid="connection-key-replace"
                onClick={() => set('keyMode', 'replace')}
              >
                {t('dialog.replace')}
              </button>
              <button
                type="button"
                className="btn btn-sm btn-danger-quiet"
                data-testid="connection-key-clear"
                onClick={() => set('keyMode', 'clear')}
              >
                {t('dialog.remove')}
              </button>
            </span>
          </div>
        ) : draft.keyMode === 'clear' ? (
          <div className="key-saved" data-testid="connection-key-cleared">
            <span className="hint">{t('dialog.keyWillBeRemoved')}</span>
            <button type="button" className="btn btn-sm" onClick={() => set('keyMode', 'keep')}>
              {t('dialog.keepIt')}
            </button>
          </div>
        ) : (
          <div className="inline-form-row">
            <input
              id="connection-key"
              className="input"
              type="password"
              data-testid="connection-key"
              autoComplete="off"
              spellCheck={false}
              placeholder={hasKey ? t('dialog.newKey') : preset.needsKey ? HF_KEY_SHAPE : t('dialog.leaveEmpty')}
              value={draft.apiKey}
              aria-invalid={errors.apiKey ? true : undefined}
              onChange={(e) => set('apiKey', e.target.value)}
            />
            {hasKey && (
              <button
                type="button"
                className="btn btn-sm"
                onClick={() => setDraft((d) => ({ ...d, keyMode: 'keep', apiKey: '' }))}
              >
                {t('dialog.cancel')}
              </button>
            )}
          </div>
        )}
        {errors.apiKey && <span className="field-error">{errors.apiKey}</span>}
      </div>
      <label className="check field">
        <input
          type="checkbox"
          data-testid="connection-enabled"
          checked={draft.enabled}
          onChange={(e) => set('enabled', e.target.checked)}
        />
        <span className="check-text">
          <span>{t('dialog.enabled')}</span>
          <span className="check-hint">{t('dialog.enabledHint')}</span>
        </span>
      </label>
      <TestResult
        result={test.data}
        error={test.error}
        pending={test.isPending}
        testId="connection-dialog-test-result"
      />
    </FormDialog>
  );
}

/** Props: see Props; `open` false renders nothing. */
export function ConnectionDialog({ open, ...props }: Props & { open: boolean }) {
  return open ? <ConnectionForm key={props.connection?.id ?? 'new'} {...props} /> : null;
}
