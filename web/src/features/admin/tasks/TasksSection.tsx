/** The Tasks tab: the household's assistants. Built-in ones can be edited and disabled, not deleted. */
import { useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { AdminTask, UpdateTaskBody } from '#common/admin';
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
  const { t } = useTranslation('tasks');
  const models = task.models.length === 0 ? t('row.anyModel') : t('row.models', { count: task.models.length });
  const name = task.name;
  return (
    <li className={`row${task.enabled ? '' : ' is-disabled'}`} data-testid="admin-task-row" data-task={task.id}>
      <span className="task-icon" aria-hidden="true">
        {task.icon || task.name.slice(0, 1).toUpperCase()}
      </span>
      <div className="row-main">
        <div className="row-title">
          <span>{task.name}</span>
          {task.builtIn && <Badge>{t('row.builtIn')}</Badge>}
          {!task.enabled && <Badge tone="danger">{t('row.disabled')}</Badge>}
        </div>
        <div className="row-sub">{task.description || t('row.noDescription')}</div>
        <div className="row-sub">
          {models}
          {task.tools.length > 0 && ` · ${t('row.tools', { list: task.tools.join(', ') })}`}
        </div>
      </div>
      <div className="row-actions">
        <button
          type="button"
          className="btn btn-sm"
          data-testid="task-up"
          aria-label={t('row.moveUp', { name })}
          title={t('row.moveUpShort')}
          disabled={busy || !onMoveUp}
          onClick={onMoveUp}
        >
          <ArrowDownIcon size={15} className="flip-up" />
        </button>
        <button
          type="button"
          className="btn btn-sm"
          data-testid="task-down"
          aria-label={t('row.moveDown', { name })}
          title={t('row.moveDownShort')}
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
          title={task.enabled ? t('row.tryTitle', { name }) : t('row.tryOff')}
          onClick={onTry}
        >
          {t('row.try')}
        </button>
        <button type="button" className="btn btn-sm" data-testid="task-toggle" disabled={busy} onClick={onToggle}>
          {task.enabled ? t('row.switchOff') : t('row.switchOn')}
        </button>
        <button type="button" className="btn btn-sm" data-testid="task-edit" onClick={onEdit}>
          {t('row.edit')}
        </button>
        {!task.builtIn && (
          <button
            type="button"
            className="btn btn-sm btn-danger-quiet"
            data-testid="task-delete"
            aria-label={t('row.delete', { name })}
            title={t('row.delete', { name })}
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
  const { t } = useTranslation('tasks');
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
    const [moved] = next.splice(from, 1);
    next.splice(from + by, 0, moved!);
    setActionError(null);
    change.mutate(next.flatMap((x, i) => (x.sortOrder === i ? [] : [{ id: x.id, body: { sortOrder: i } }])));
  };
  /** "Try it": a new chat of the admin's own with the task, opened at once. */
  const tryTask = (task: AdminTask) => {
    setActionError(null);
    api
      .createConversation({ taskId: task.id, title: t('trying', { name: task.name }) })
      .then((c) => {
        void queryClient.invalidateQueries({ queryKey: ['conversations'] });
        navigate(conversationPath(c.id));
      })
      .catch((err: unknown) => setActionError(t('tryFailed', { name: task.name, error: adminErrorText(err) })));
  };
  const remove = useMutation({
    mutationFn: (task: AdminTask) => api.adminDeleteTask(task.id),
    onSuccess: (_v, task) => {
      refresh();
      setDeleting(null);
      setNotice(t('notice.deleted', { name: task.name }));
    },
    onError: () => setDeleting(null),
  });

  return (
    <>
      <Section
        title={t('section.title')}
        description={`${t('section.description')} ${t('rule')}`}
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
            <PlusIcon size={16} /> {t('section.add')}
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
          <LoadError error={tasks.error} what={t('section.what')} onRetry={() => void tasks.refetch()} />
        ) : tasks.data.items.length === 0 ? (
          <EmptyState>{t('section.empty')}</EmptyState>
        ) : (
          <ul className="rows" aria-label={t('section.list')}>
            {tasks.data.items.map((task, i, all) => (
              <TaskRow
                key={task.id}
                task={task}
                busy={change.isPending}
                onMoveUp={i > 0 ? () => move(all, i, -1) : undefined}
                onMoveDown={i < all.length - 1 ? () => move(all, i, 1) : undefined}
                onToggle={() => {
                  setActionError(null);
                  change.mutate([{ id: task.id, body: { enabled: !task.enabled } }]);
                }}
                onTry={() => tryTask(task)}
                onEdit={() => {
                  setNotice(null);
                  setEditing(task);
                }}
                onDelete={() => setDeleting(task)}
              />
            ))}
          </ul>
        )}
      </Section>
      <TaskDialog
        open={editing !== null}
        task={editing === 'new' ? null : editing}
        onClose={() => setEditing(null)}
        onSaved={(task, created) => {
          setEditing(null);
          setNotice(t(created ? 'notice.added' : 'notice.saved', { name: task.name }));
        }}
      />
      {!!deleting && (
        <ConfirmDialog
          open
          title={t('remove.title', { name: deleting?.name ?? '' })}
          body={t('remove.body')}
          confirmLabel={t('remove.confirm')}
          danger
          busy={remove.isPending}
          onConfirm={() => deleting && remove.mutate(deleting)}
          onCancel={() => setDeleting(null)}
        />
      )}
    </>
  );
}
