/** Editing a user: display name, role, supervised, and which models and tasks they may use. */
import { useMemo, useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { AdminUser, UpdateUserBody } from '#common/admin';
import type { Role } from '#common/auth';
import { api } from '#web/lib/api';
import { keys } from '#web/lib/keys';
import { queryClient } from '#web/lib/queryClient';
import { FormDialog } from '#web/lib/ui/FormDialog';
import { PeopleChatToggle } from '#web/features/messaging/admin/PeopleChatToggle';
import { TextField } from '#web/lib/ui/TextField';
import { useModels } from '#web/features/models/models';
import { adminErrorText, refreshUsers, useAdminTasks } from '../admin';
import { AllowListEditor, type AllowItem } from './AllowListEditor';
import { GenerationLimitField } from './GenerationLimitField';
import { GuardiansPicker } from '#web/features/family/GuardiansPicker';

type Props = {
  user: AdminUser | null;
  /** The signed-in admin's id. */
  selfId: string;
  /** This user is the only enabled admin (the role can't be taken away). */
  lastAdmin: boolean;
  onClose: () => void;
};

type Draft = Pick<AdminUser, 'displayName' | 'role' | 'supervised' | 'modelIds' | 'taskIds'> & {
  maxGenerations: number;
  guardianIds: string[];
};

/** The ids of a user's guardians as the server last said. */
const guardianIdsOf = (user: AdminUser) => (user.guardians ?? []).map((g) => g.id);

const sameList = (a: string[] | null, b: string[] | null) =>
  a === b || (a !== null && b !== null && a.length === b.length && a.every((x, i) => x === b[i]));

/** The fields of `draft` that differ from `user`. */
function changes(user: AdminUser, draft: Draft): UpdateUserBody {
  const body: UpdateUserBody = {};
  if (draft.displayName.trim() !== user.displayName) body.displayName = draft.displayName.trim();
  if (draft.role !== user.role) body.role = draft.role;
  if (draft.supervised !== user.supervised) body.supervised = draft.supervised;
  if (!sameList(draft.modelIds, user.modelIds)) body.modelIds = draft.modelIds;
  if (!sameList(draft.taskIds, user.taskIds)) body.taskIds = draft.taskIds;
  if (draft.maxGenerations !== (user.maxGenerations ?? 1)) body.maxGenerations = draft.maxGenerations;
  // Guardians only mean something for a supervised account.
  if (draft.supervised && !sameList([...draft.guardianIds].sort(), guardianIdsOf(user).sort()))
    body.guardianIds = draft.guardianIds;
  return body;
}

function EditUserForm({ user, selfId, lastAdmin, onClose }: Props & { user: AdminUser }) {
  const { t } = useTranslation('users');
  const [draft, setDraft] = useState<Draft>({
    displayName: user.displayName,
    role: user.role,
    supervised: user.supervised,
    modelIds: user.modelIds,
    taskIds: user.taskIds,
    maxGenerations: user.maxGenerations ?? 1,
    guardianIds: guardianIdsOf(user),
  });
  const models = useModels();
  const tasks = useAdminTasks();
  const modelItems = useMemo<AllowItem[]>(
    () =>
      (models.data?.items ?? []).map((m) => ({
        id: m.id,
        label: m.name,
        group: m.connectionName,
        hint: m.available ? undefined : t('edit.unavailable'),
      })),
    [models.data, t],
  );
  const taskItems = useMemo<AllowItem[]>(
    () =>
      (tasks.data?.items ?? []).map((task) => ({
        id: task.id,
        label: `${task.icon ? `${task.icon} ` : ''}${task.name}`,
        hint: task.enabled ? task.description || undefined : t('edit.taskDisabled'),
      })),
    [tasks.data, t],
  );
  const body = changes(user, draft);
  const dirty = Object.keys(body).length > 0;
  const save = useMutation({
    mutationFn: () => api.adminUpdateUser(user.id, body),
    onSuccess: () => {
      refreshUsers();
      // Editing oneself (name, or giving up the admin role): the session's user changes too.
      if (user.id === selfId) void queryClient.invalidateQueries({ queryKey: keys.me });
      onClose();
    },
  });
  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => {
    setDraft((d) => ({ ...d, [k]: v }));
    save.reset();
  };
  const self = user.id === selfId;

  return (
    <FormDialog
      open
      wide
      title={t('edit.title', { name: user.displayName || user.username })}
      description={`@${user.username}`}
      submitLabel={t('edit.submit')}
      submitDisabled={!dirty || !draft.displayName.trim()}
      busy={save.isPending}
      error={save.isError ? adminErrorText(save.error) : null}
      testId="edit-user-dialog"
      onSubmit={() => save.mutate()}
      onClose={onClose}
    >
      <div className="form-row">
        <TextField
          id="edit-user-display-name"
          label={t('field.displayName')}
          testId="edit-user-display-name"
          value={draft.displayName}
          error={draft.displayName.trim() ? undefined : t('field.displayNameEmpty')}
          onChange={(v) => set('displayName', v)}
          inputProps={{ maxLength: 64, autoComplete: 'off' }}
        />
        <div className="field">
          <label htmlFor="edit-user-role">{t('field.role')}</label>
          <select
            id="edit-user-role"
            className="input select"
            data-testid="edit-user-role"
            value={draft.role}
            disabled={lastAdmin}
            aria-describedby="edit-user-role-hint"
            onChange={(e) => set('role', (e.target.value === 'admin' ? 'admin' : 'member') satisfies Role)}
          >
            <option value="member">{t('field.member')}</option>
            <option value="admin">{t('field.admin')}</option>
          </select>
          <span
            id="edit-user-role-hint"
            className={lastAdmin ? 'hint hint-strong' : 'hint'}
            data-testid="edit-user-role-hint"
          >
            {lastAdmin
              ? t('edit.roleLastAdmin')
              : self && draft.role === 'member'
                ? t('edit.roleLoseAccess')
                : t('edit.roleHint')}
          </span>
        </div>
      </div>
      <label className="check field">
        <input
          type="checkbox"
          data-testid="edit-user-supervised"
          checked={draft.supervised}
          onChange={(e) => set('supervised', e.target.checked)}
        />
        <span className="check-text">
          <span>{t('field.supervised')}</span>
          <span className="check-hint">{t('field.supervisedHint')}</span>
        </span>
      </label>
      {draft.supervised && (
        <GuardiansPicker userId={user.id} value={draft.guardianIds} onChange={(v) => set('guardianIds', v)} />
      )}
      <PeopleChatToggle userId={user.id} />
      <GenerationLimitField value={draft.maxGenerations} onChange={(v) => set('maxGenerations', v)} />
      <div className="allow-columns">
        <AllowListEditor
          legend={t('edit.models')}
          noun="models"
          items={modelItems}
          value={draft.modelIds}
          onChange={(v) => set('modelIds', v)}
          note={models.isError ? t('edit.modelsError') : t('edit.modelsNote')}
        />
        <AllowListEditor
          legend={t('edit.tasks')}
          noun="tasks"
          items={taskItems}
          value={draft.taskIds}
          onChange={(v) => set('taskIds', v)}
          note={tasks.isError ? t('edit.tasksError') : undefined}
        />
      </div>
    </FormDialog>
  );
}

/** Props: see Props; `user` null means closed. */
export function EditUserDialog(props: Props) {
  // Keyed by user: opening another user starts from their values, not the last draft.
  return props.user ? <EditUserForm key={props.user.id} {...props} user={props.user} /> : null;
}
