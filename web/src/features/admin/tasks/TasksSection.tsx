/** The Tasks tab: the household's assistants. Built-in ones can be edited and disabled, not deleted. */
import { useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import type { AdminTask, UpdateTaskBody } from '#common/admin';
import { TASK_PERMISSION_RULE } from '#common/tasks';
import { conversationPath, navigate } from '#web/lib/router';
import { api } from '#web/lib/api';
import { ConfirmDialog } from '#web/lib/ConfirmDialog';
import { ArrowDownIcon, PlusIcon, TrashIcon } from '#web/lib/icons';
import { queryClient } from '#web/lib/queryClient';
import { Badge, EmptyState, ListSkeleton, LoadError, Section } from '#web/lib/ui/Section';
import { adminErrorText, adminKeys, useAdminTasks } from '../admin';
import { TaskDialog } from './TaskDialog';

const refresh = () => {
  void queryClient.invalidateQueries({ queryKey: adminKeys.tasks });
  void queryClient.invalidateQueries({ queryKey: ['tasks'] });
};

type RowProps = {
  task: AdminTask;
  onEdit: () => void;
  onDelete: () => void;
  /** Moves the task one place up (-1) or down (+1); undefined at that end of the list. */
  onMoveUp?: (() => void) | undefined;
  onMoveDown?: (() => void) | undefined;
  onToggle: () => void;
  onTry: () => void;
  busy: boolean;
};

function TaskRow({ task, onEdit, onDelete, onMoveUp, onMoveDown, onToggle, onTry, busy }: RowProps) {
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
        <button
          type="button"
          className="btn btn-sm"
          data-testid="task-up"
          aria-label={`Move ${task.name} up`}
          title="Move up"
          disabled={busy || !onMoveUp}
          onClick={onMoveUp}
        >
          <ArrowDownIcon size={15} className="flip-up" />
        </button>
        <button
          type="button"
          className="btn btn-sm"
          data-testid="task-down"
          aria-label={`Move ${task.name} down`}
          title="Move down"
          disabled={busy || !onMoveDown}
          onClick={onMoveDown}
        >
          <ArrowDownIcon size={15} />
        </button>
        <button
          type="button"
          className="btn btn-sm"
          data-testid="task-try"
          disabled={!task.enabled}
          title={task.enabled ? `Open a new chat with ${task.name}` : 'Switch the task on to try it'}
          onClick={onTry}
        >
          Try it
        </button>
        <button type="button" className="btn btn-sm" data-testid="task-toggle" disabled={busy} onClick={onToggle}>
          {task.enabled ? 'Switch off' : 'Switch on'}
        </button>
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
  const [actionError, setActionError] = useState<string | null>(null);
  const change = useMutation({
    mutationFn: async (patches: { id: string; body: UpdateTaskBody }[]) => {
      for (const p of patches) await api.adminUpdateTask(p.id, p.body);
    },
    onSuccess: () => refresh(),
    onError: (err) => {
      refresh();
      setActionError(adminErrorText(err));
    },
  });
  /** Renumbers the list with `from` moved by `by`, saving only the orders that change. */
  const move = (list: AdminTask[], from: number, by: -1 | 1) => {
    const next = [...list];
    const [t] = next.splice(from, 1);
    next.splice(from + by, 0, t!);
    setActionError(null);
    change.mutate(next.flatMap((x, i) => (x.sortOrder === i ? [] : [{ id: x.id, body: { sortOrder: i } }])));
  };
  /** "Try it": a new chat of the admin's own with the task, opened at once. */
  const tryTask = (t: AdminTask) => {
    setActionError(null);
    api
      .createConversation({ taskId: t.id, title: `Trying ${t.name}` })
      .then((c) => {
        void queryClient.invalidateQueries({ queryKey: ['conversations'] });
        navigate(conversationPath(c.id));
      })
      .catch((err: unknown) => setActionError(`Couldn’t open a chat with ${t.name}: ${adminErrorText(err)}`));
  };
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
        description={`Assistants with their own instructions, models and settings. Everyone picks one when starting a chat; a chat keeps its task. ${TASK_PERMISSION_RULE}`}
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
        {actionError && (
          <div className="notice notice-error section-note" role="alert">
            {actionError}
          </div>
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
            {tasks.data.items.map((t, i, all) => (
              <TaskRow
                key={t.id}
                task={t}
                busy={change.isPending}
                onMoveUp={i > 0 ? () => move(all, i, -1) : undefined}
                onMoveDown={i < all.length - 1 ? () => move(all, i, 1) : undefined}
                onToggle={() => {
                  setActionError(null);
                  change.mutate([{ id: t.id, body: { enabled: !t.enabled } }]);
                }}
                onTry={() => tryTask(t)}
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
