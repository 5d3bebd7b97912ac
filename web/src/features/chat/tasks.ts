/** Tasks as the chat sees them: the list a member may use (GET /api/tasks) and the picked one. */
import { useQuery } from '@tanstack/react-query';
import type { Task } from '#common/tasks';
import { api } from '#web/lib/api';
import { keys } from '#web/lib/keys';

/** The tasks the signed-in member may use (refetched when their permissions change). */
export function useTasks() {
  return useQuery({ queryKey: keys.tasks, queryFn: () => api.listTasks(), staleTime: 60_000 });
}

/** The task a new chat starts with: the picked one if still usable, else general, else the first. */
export function resolveTask(tasks: readonly Task[] | undefined, picked: string | null): string | null {
  if (!tasks || tasks.length === 0) return picked;
  if (picked && tasks.some((t) => t.id === picked)) return picked;
  return tasks.find((t) => t.id === 'general')?.id ?? tasks[0]!.id;
}

/**
 * The task for the next new chat, kept outside React so "switch task" on a chat with messages
 * can open a new chat with it (the chat view then starts from the new-chat state).
 */
let nextTask: string | null = null;
/** Remembers the task the next new chat starts with. */
export const setNextTask = (taskId: string | null) => void (nextTask = taskId);
/** The task the next new chat starts with (null: the default). */
export const getNextTask = () => nextTask;
