/**
 * The task picker beside the model picker. A chat keeps its task: once it has messages, picking
 * another task starts a new chat with it (the hint says so before anyone picks).
 */
import { useId } from 'react';
import type { Task } from '#common/tasks';

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
  const hintId = useId();
  const current = tasks.find((t) => t.id === value);
  const title = locked
    ? 'This chat keeps its task. Picking another task starts a new chat.'
    : (current?.description ?? 'Choose what the assistant is for');
  return (
    <div className="task-picker">
      <label className="sr-only" htmlFor={`${hintId}-select`}>
        Task
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
        {!current && value && <option value={value}>{value} (not available)</option>}
        {tasks.map((t) => (
          <option key={t.id} value={t.id} data-testid="task-option">
            {t.icon ? `${t.icon} ${t.name}` : t.name}
          </option>
        ))}
      </select>
      {locked && (
        <span id={hintId} className="sr-only">
          Picking another task starts a new chat.
        </span>
      )}
    </div>
  );
}
