/** The Tasks tab: the household's assistants. Built-in ones can be edited and disabled, not deleted. */
import { useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import type { AdminTask } from '#common/admin';
import { api } from '#web/lib/api';
import { ConfirmDialog } from '#web/lib/ConfirmDialog';
import { PlusIcon, TrashIcon } from '#web/lib/icons';
import { queryClient } from '#web/lib/queryClient';
import { Badge, EmptyState, ListSkeleton, LoadError, Section } from '#web/lib/ui/Section';
import { adminErrorText, adminKeys, useAdminTasks } from '../admin';
import { TaskDialog } from './TaskDialog';

const refresh = () => {
  void queryClient.invalidateQueries({ queryKey: adminKeys.tasks });
  void queryClient.invalidateQueries({ queryKey: ['tasks'] });
};

function TaskRow({ task, onEdit, onDelete }: { task: AdminTask; onEdit: () => void; onDelete: () => void }) {
  const models =
    task.models.length === 0 ? 'Any model' : task.models.length === 1 ? '1 model' : `${task.models.length} models`;
  return (
    <li className={`row${task.enabled ? '' : ' is-disabled'}`} data-testid="admin-task-row" data-task={task.id}>
      <span className="task-icon" aria-hidden="true">
        {task.icon || task.name.slice(0, 1).toUpperCase()}
      </span>
      <div className="row-main">
        <div className="row-title">
          <span>{task.name}</span>
          {task.builtIn && <Badge>built-in</Badge>}
          {!task.enabled && <Badge tone="danger">disabled</Badge>}
        </div>
        <div className="row-sub">{task.description || 'No description'}</div>
        <div className="row-sub">
          {models}
          {task.tools.length > 0 && ` · tools: ${task.tools.join(', ')}`}
        </div>
      </div>
      <div className="row-actions">
        <button type="button" className="btn btn-sm" data-testid="task-edit" onClick={onEdit}>
          Edit
        </button>
        {!task.builtIn && (
          <button
            type="button"
            className="btn btn-sm btn-danger-quiet"
            data-testid="task-delete"
            aria-label={`Delete ${task.name}`}
            title={`Delete ${task.name}`}
            onClick={onDelete}
          >
            <TrashIcon size={15} />
          </button>
        )}
      </div>
    </li>
  );
}

/** Props: none. */
export function TasksSection() {
  const tasks = useAdminTasks();
  const [editing, setEditing] = useState<AdminTask | 'new' | null>(null);
  const [deleting, setDeleting] = useState<AdminTask | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const remove = useMutation({
    mutationFn: (t: AdminTask) => api.adminDeleteTask(t.id),
    onSuccess: (_v, t) => {
      refresh();
      setDeleting(null);
      setNotice(`${t.name} was deleted.`);
    },
    onError: () => setDeleting(null),
  });

  return (
    <>
      <Section
        title="Tasks"
        description="Assistants with their own instructions and models. Everyone picks one when starting a chat."
        testId="admin-tasks"
        actions={
          <button
            type="button"
            className="btn btn-primary"
            data-testid="task-add"
            onClick={() => {
              setNotice(null);
              setEditing('new');
            }}
          >
            <PlusIcon size={16} /> Add task
          </button>
        }
      >
        {notice && (
          <p className="saved-note section-note" role="status">
            {notice}
          </p>
        )}
        {remove.isError && (
          <div className="notice notice-error section-note" role="alert">
            {adminErrorText(remove.error)}
          </div>
        )}
        {tasks.isPending ? (
          <ListSkeleton rows={2} />
        ) : tasks.isError ? (
          <LoadError error={tasks.error} what="the tasks" onRetry={() => void tasks.refetch()} />
        ) : tasks.data.items.length === 0 ? (
          <EmptyState>No tasks.</EmptyState>
        ) : (
          <ul className="rows" aria-label="Tasks">
            {tasks.data.items.map((t) => (
              <TaskRow
                key={t.id}
                task={t}
                onEdit={() => {
                  setNotice(null);
                  setEditing(t);
                }}
                onDelete={() => setDeleting(t)}
              />
            ))}
          </ul>
        )}
      </Section>
      <TaskDialog
        open={editing !== null}
        task={editing === 'new' ? null : editing}
        onClose={() => setEditing(null)}
        onSaved={(t, created) => {
          setEditing(null);
          setNotice(created ? `${t.name} was added.` : `${t.name} was saved.`);
        }}
      />
      {!!deleting && (
        <ConfirmDialog
          open
          title={`Delete ${deleting?.name ?? ''}?`}
          body="It disappears for everyone. Chats started with it are kept."
          confirmLabel="Delete"
          danger
          busy={remove.isPending}
          onConfirm={() => deleting && remove.mutate(deleting)}
          onCancel={() => setDeleting(null)}
        />
      )}
    </>
  );
}
