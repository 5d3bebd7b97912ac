/** Editing a user: display name, role, supervised, and which models and tasks they may use. */
import { useMemo, useState } from 'react';
import { useMutation } from '@tanstack/react-query';
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
        hint: m.available ? undefined : 'unavailable right now',
      })),
    [models.data],
  );
  const taskItems = useMemo<AllowItem[]>(
    () =>
      (tasks.data?.items ?? []).map((t) => ({
        id: t.id,
        label: `${t.icon ? `${t.icon} ` : ''}${t.name}`,
        hint: t.enabled ? t.description || undefined : 'disabled for everyone',
      })),
    [tasks.data],
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
      title={`Edit ${user.displayName || user.username}`}
      description={`@${user.username}`}
      submitLabel="Save changes"
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
          label="Display name"
          testId="edit-user-display-name"
          value={draft.displayName}
          error={draft.displayName.trim() ? undefined : 'A display name can’t be empty.'}
          onChange={(v) => set('displayName', v)}
          inputProps={{ maxLength: 64, autoComplete: 'off' }}
        />
        <div className="field">
          <label htmlFor="edit-user-role">Role</label>
          <select
            id="edit-user-role"
            className="input select"
            data-testid="edit-user-role"
            value={draft.role}
            disabled={lastAdmin}
            aria-describedby="edit-user-role-hint"
            onChange={(e) => set('role', (e.target.value === 'admin' ? 'admin' : 'member') satisfies Role)}
          >
            <option value="member">Member</option>
            <option value="admin">Admin</option>
          </select>
          <span
            id="edit-user-role-hint"
            className={lastAdmin ? 'hint hint-strong' : 'hint'}
            data-testid="edit-user-role-hint"
          >
            {lastAdmin
              ? 'The only active admin keeps the role: make someone else an admin first.'
              : self && draft.role === 'member'
                ? 'You will lose access to this console when you save.'
                : 'Admins manage users, model servers and tasks.'}
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
          <span>Supervised</span>
          <span className="check-hint">A child’s account, under parental controls.</span>
        </span>
      </label>
      {draft.supervised && (
        <GuardiansPicker userId={user.id} value={draft.guardianIds} onChange={(v) => set('guardianIds', v)} />
      )}
      <PeopleChatToggle userId={user.id} />
      <GenerationLimitField value={draft.maxGenerations} onChange={(v) => set('maxGenerations', v)} />
      <div className="allow-columns">
        <AllowListEditor
          legend="Models they may use"
          noun="models"
          items={modelItems}
          value={draft.modelIds}
          onChange={(v) => set('modelIds', v)}
          note={models.isError ? 'Couldn’t load the models.' : 'Only models of reachable servers are listed.'}
        />
        <AllowListEditor
          legend="Tasks they may use"
          noun="tasks"
          items={taskItems}
          value={draft.taskIds}
          onChange={(v) => set('taskIds', v)}
          note={tasks.isError ? 'Couldn’t load the tasks.' : undefined}
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
