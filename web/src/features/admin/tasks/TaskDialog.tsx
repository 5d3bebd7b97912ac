/** Adding or editing a task: name, description, icon, system prompt, models, tools, enabled. */
import { useMemo, useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { ApiError } from '#common/api-client';
import type { AdminTask, UpdateTaskBody } from '#common/admin';
import { api } from '#web/lib/api';
import { FormDialog } from '#web/lib/ui/FormDialog';
import { TextField } from '#web/lib/ui/TextField';
import { useModels } from '#web/features/models/models';
import { queryClient } from '#web/lib/queryClient';
import { adminErrorText, adminKeys } from '../admin';
import { AllowListEditor, type AllowItem } from '../users/AllowListEditor';

type Draft = {
  id: string;
  name: string;
  description: string;
  icon: string;
  systemPrompt: string;
  /** null = any model (the API's []). */
  models: string[] | null;
  defaultModel: string;
  tools: string;
  enabled: boolean;
  promptVisible: boolean;
  /** Parameters as typed ('' = the model's default). */
  temperature: string;
  topP: string;
  maxTokens: string;
  contextLength: string;
};
type ParamKey = 'temperature' | 'topP' | 'maxTokens' | 'contextLength';
type FieldErrors = Partial<Record<'id' | 'name' | 'description' | 'systemPrompt' | 'tools' | ParamKey, string>>;

/**
 * The parameter fields and what the server accepts (common/tasks.ts); the label and hint are
 * `param.<key>` and `param.<key>Hint` in the tasks words.
 */
const PARAMS: { key: ParamKey; min: number; max: number; step: string; int: boolean }[] = [
  { key: 'temperature', min: 0, max: 2, step: '0.1', int: false },
  { key: 'topP', min: 0, max: 1, step: '0.05', int: false },
  { key: 'maxTokens', min: 1, max: 1_000_000, step: '1', int: true },
  { key: 'contextLength', min: 256, max: 10_000_000, step: '256', int: true },
];

/** A typed parameter → its value (null for empty), or an error sentence (when `t` is given). */
function parseParam(
  p: (typeof PARAMS)[number],
  text: string,
  t?: TFunction,
): { value: number | null } | { error: string } {
  if (text.trim() === '') return { value: null };
  const n = Number(text);
  if (!Number.isFinite(n) || n < p.min || n > p.max || (p.int && !Number.isInteger(n)))
    return { error: t ? t(p.int ? 'param.whole' : 'param.number', { min: p.min, max: p.max }) : '' };
  return { value: n };
}
const paramText = (v: number | null | undefined) => (v === null || v === undefined ? '' : String(v));

const toolList = (s: string) => [
  ...new Set(
    s
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean),
  ),
];
const sameList = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

function draftOf(task: AdminTask | null): Draft {
  return {
    id: task?.id ?? '',
    name: task?.name ?? '',
    description: task?.description ?? '',
    icon: task?.icon ?? '',
    systemPrompt: task?.systemPrompt ?? '',
    models: task && task.models.length > 0 ? task.models : null,
    defaultModel: task?.defaultModel ?? '',
    tools: task?.tools.join(', ') ?? '',
    enabled: task?.enabled ?? true,
    promptVisible: task?.promptVisible ?? false,
    temperature: paramText(task?.temperature),
    topP: paramText(task?.topP),
    maxTokens: paramText(task?.maxTokens),
    contextLength: paramText(task?.contextLength),
  };
}

type Props = { task: AdminTask | null; onClose: () => void; onSaved: (t: AdminTask, created: boolean) => void };

function TaskForm({ task, onClose, onSaved }: Props) {
  const { t } = useTranslation('tasks');
  const editing = task !== null;
  const [draft, setDraft] = useState<Draft>(() => draftOf(task));
  const [errors, setErrors] = useState<FieldErrors>({});
  const models = useModels();
  const modelItems = useMemo<AllowItem[]>(
    () => (models.data?.items ?? []).map((m) => ({ id: m.id, label: m.name, group: m.connectionName })),
    [models.data],
  );
  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => {
    setDraft((d) => ({ ...d, [k]: v }));
    setErrors((e) => ({ ...e, [k]: undefined }));
  };

  const save = useMutation({
    mutationFn: async () => {
      const params = Object.fromEntries(
        PARAMS.map((p) => {
          const parsed = parseParam(p, draft[p.key]);
          return [p.key, 'value' in parsed ? parsed.value : null];
        }),
      ) as Record<ParamKey, number | null>;
      const fields = {
        ...params,
        promptVisible: draft.promptVisible,
        name: draft.name.trim(),
        description: draft.description.trim(),
        icon: draft.icon.trim() || null,
        systemPrompt: draft.systemPrompt,
        models: draft.models ?? [],
        tools: toolList(draft.tools),
        defaultModel: draft.defaultModel || null,
        enabled: draft.enabled,
      };
      if (!editing) return api.adminCreateTask({ ...fields, id: draft.id.trim() || undefined });
      const body: UpdateTaskBody = {};
      if (fields.name !== task.name) body.name = fields.name;
      if (fields.description !== task.description) body.description = fields.description;
      if (fields.icon !== task.icon) body.icon = fields.icon;
      if (fields.systemPrompt !== task.systemPrompt) body.systemPrompt = fields.systemPrompt;
      if (!sameList(fields.models, task.models)) body.models = fields.models;
      if (!sameList(fields.tools, task.tools)) body.tools = fields.tools;
      if (fields.defaultModel !== task.defaultModel) body.defaultModel = fields.defaultModel;
      if (fields.enabled !== task.enabled) body.enabled = fields.enabled;
      if (fields.promptVisible !== task.promptVisible) body.promptVisible = fields.promptVisible;
      for (const p of PARAMS) if (fields[p.key] !== task[p.key]) body[p.key] = fields[p.key];
      return api.adminUpdateTask(task.id, body);
    },
    onSuccess: (saved) => {
      void queryClient.invalidateQueries({ queryKey: adminKeys.tasks });
      void queryClient.invalidateQueries({ queryKey: ['tasks'] });
      onSaved(saved, !editing);
    },
    onError: (err) => {
      if (err instanceof ApiError && err.code === 'conflict') setErrors({ id: t('dialog.idTaken') });
      else if (err instanceof ApiError && err.field) {
        const k = err.field.split('.')[0];
        if (
          k === 'id' ||
          k === 'name' ||
          k === 'description' ||
          k === 'systemPrompt' ||
          k === 'tools' ||
          PARAMS.some((p) => p.key === k)
        )
          setErrors({ [k as keyof FieldErrors]: err.message });
      }
    },
  });
  const submit = () => {
    if (!draft.name.trim()) {
      setErrors({ name: t('dialog.nameMissing') });
      return;
    }
    for (const p of PARAMS) {
      const parsed = parseParam(p, draft[p.key], t);
      if ('error' in parsed) {
        setErrors({ [p.key]: parsed.error });
        return;
      }
    }
    save.mutate();
  };
  const fieldError =
    save.error instanceof ApiError && (save.error.code === 'conflict' || Object.keys(errors).length > 0);
  const defaultChoices = draft.models ? modelItems.filter((m) => draft.models!.includes(m.id)) : modelItems;

  return (
    <FormDialog
      open
      wide
      title={editing ? t('dialog.editTitle', { name: task.name }) : t('dialog.addTitle')}
      description={t('dialog.description')}
      submitLabel={editing ? t('dialog.save') : t('dialog.add')}
      busy={save.isPending}
      error={save.isError && !fieldError ? adminErrorText(save.error) : null}
      testId="task-dialog"
      onSubmit={submit}
      onClose={onClose}
    >
      <div className="form-row form-row-icon">
        <TextField
          id="task-icon"
          label={t('dialog.icon')}
          testId="task-icon"
          value={draft.icon}
          onChange={(v) => set('icon', v)}
          inputProps={{ maxLength: 32, placeholder: '📚' }}
        />
        <TextField
          id="task-name"
          label={t('dialog.name')}
          testId="task-name"
          value={draft.name}
          error={errors.name}
          onChange={(v) => set('name', v)}
          inputProps={{ maxLength: 80, autoFocus: !editing }}
        />
      </div>
      {!editing && (
        <TextField
          id="task-id"
          label={t('dialog.id')}
          testId="task-id"
          value={draft.id}
          error={errors.id}
          onChange={(v) => set('id', v)}
          hint={t('dialog.idHint')}
          inputProps={{ maxLength: 40, autoCapitalize: 'none', spellCheck: false }}
        />
      )}
      <TextField
        id="task-description"
        label={t('dialog.descriptionLabel')}
        testId="task-description"
        value={draft.description}
        error={errors.description}
        onChange={(v) => set('description', v)}
        inputProps={{ maxLength: 500 }}
        hint={t('dialog.descriptionHint')}
      />
      <div className="field">
        <label htmlFor="task-prompt">{t('dialog.prompt')}</label>
        <textarea
          id="task-prompt"
          className="input"
          data-testid="task-prompt"
          rows={6}
          maxLength={20_000}
          value={draft.systemPrompt}
          aria-invalid={errors.systemPrompt ? true : undefined}
          onChange={(e) => set('systemPrompt', e.target.value)}
        />
        {errors.systemPrompt && <span className="field-error">{errors.systemPrompt}</span>}
        <span className="hint">{t('dialog.promptHint')}</span>
      </div>
      <label className="check field">
        <input
          type="checkbox"
          data-testid="task-prompt-visible"
          checked={draft.promptVisible}
          onChange={(e) => set('promptVisible', e.target.checked)}
        />
        <span className="check-text">
          <span>{t('dialog.promptVisible')}</span>
          <span className="check-hint">{t('dialog.promptVisibleHint')}</span>
        </span>
      </label>
      <fieldset className="field task-params">
        <legend className="field-legend">{t('dialog.params')}</legend>
        <div className="form-row">
          {PARAMS.map((p) => (
            <TextField
              key={p.key}
              id={`task-${p.key}`}
              label={t(`param.${p.key}`)}
              testId={`task-${p.key}`}
              value={draft[p.key]}
              error={errors[p.key]}
              hint={t(`param.${p.key}Hint`)}
              onChange={(v) => set(p.key, v)}
              inputProps={{ inputMode: p.int ? 'numeric' : 'decimal', min: p.min, max: p.max, step: p.step }}
            />
          ))}
        </div>
      </fieldset>
      <p className="hint" data-testid="task-rule">
        {t('rule')}
      </p>
      <AllowListEditor
        legend={t('dialog.models')}
        noun="models"
        items={modelItems}
        value={draft.models}
        onChange={(v) => set('models', v)}
      />
      <div className="form-row">
        <div className="field">
          <label htmlFor="task-default-model">{t('dialog.defaultModel')}</label>
          <select
            id="task-default-model"
            className="input select"
            data-testid="task-default-model"
            value={draft.defaultModel}
            onChange={(e) => set('defaultModel', e.target.value)}
          >
            <option value="">{t('dialog.ownChoice')}</option>
            {draft.defaultModel && !defaultChoices.some((m) => m.id === draft.defaultModel) && (
              <option value={draft.defaultModel}>{draft.defaultModel}</option>
            )}
            {defaultChoices.map((m) => (
              <option key={m.id} value={m.id}>
                {m.label} · {m.group}
              </option>
            ))}
          </select>
        </div>
        <TextField
          id="task-tools"
          label={t('dialog.tools')}
          testId="task-tools"
          value={draft.tools}
          error={errors.tools}
          onChange={(v) => set('tools', v)}
          hint={t('dialog.toolsHint')}
          inputProps={{ autoCapitalize: 'none', spellCheck: false }}
        />
      </div>
      <label className="check field">
        <input
          type="checkbox"
          data-testid="task-enabled"
          checked={draft.enabled}
          onChange={(e) => set('enabled', e.target.checked)}
        />
        <span className="check-text">
          <span>{t('dialog.enabled')}</span>
          <span className="check-hint">{t('dialog.enabledHint')}</span>
        </span>
      </label>
    </FormDialog>
  );
}

/** Props: see Props; `open` false renders nothing. */
export function TaskDialog({ open, ...props }: Props & { open: boolean }) {
  return open ? <TaskForm key={props.task?.id ?? 'new'} {...props} /> : null;
}
