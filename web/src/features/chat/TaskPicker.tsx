/**
 * The task picker beside the model picker. A chat keeps its task: once it has messages, picking
 * another task starts a new chat with it (the hint says so before anyone picks).
 */
import { useId } from 'react';
import type { Task } from '#common/tasks';
import { useTranslation } from 'react-i18next';

type Props = {
  tasks: readonly Task[];
  /** The task in use. */
  value: string | null;
  onChange: (taskId: string) => void;
  /** The chat has messages: another task means a new chat. */
  locked: boolean;
  disabled?: boolean;
};

/** Props: see Props. */
export function TaskPicker({ tasks, value, onChange, locked, disabled }: Props) {
  const { t } = useTranslation('chat');
  const hintId = useId();
  const current = tasks.find((task) => task.id === value);
  const title = locked ? t('taskLocked') : (current?.description ?? t('taskChoose'));
  return (
    <div className="task-picker">
      <label className="sr-only" htmlFor={`${hintId}-select`}>
        {t('task')}
      </label>
      <select
        id={`${hintId}-select`}
        className="input select task-select"
        data-testid="task-picker"
        value={value ?? ''}
        disabled={disabled || tasks.length === 0}
        title={title}
        aria-describedby={locked ? hintId : undefined}
        onChange={(e) => e.target.value && onChange(e.target.value)}
      >
        {!current && value && <option value={value}>{t('notAvailable', { name: value })}</option>}
        {tasks.map((task) => (
          <option key={task.id} value={task.id} data-testid="task-option">
            {task.icon ? `${task.icon} ${task.name}` : task.name}
          </option>
        ))}
      </select>
      {locked && (
        <span id={hintId} className="sr-only">
          {t('taskLockedHint')}
        </span>
      )}
    </div>
  );
}
