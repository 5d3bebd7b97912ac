/** TanStack Query keys, in one place so invalidation cannot miss one. */
export const keys = {
  me: ['me'] as const,
  setup: ['setup'] as const,
  models: ['models'] as const,
  /** The models a task offers (under `models`, so invalidating the list refreshes these too). */
  taskModels: (taskId: string) => ['models', 'task', taskId] as const,
  tasks: ['tasks'] as const,
  conversationsAll: ['conversations'] as const,
  /** The list (`archived`: the archived view) or, with `q`, search results. */
  conversations: (q: string, archived = false) => ['conversations', 'list', q, archived] as const,
  conversation: (id: string) => ['conversation', id] as const,
};
