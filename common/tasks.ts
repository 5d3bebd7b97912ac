/** Tasks: assistants with their own locked prompt, models, generation parameters and tools. */
import { z } from 'zod';

/**
 * Who may use what, in plain words: the one rule the server enforces (server/tasks/access.ts),
 * shown in the admin console and the API docs.
 */
export const TASK_PERMISSION_RULE =
  'A member may use a task when the task is switched on and the member’s task list is “all tasks” or includes it. ' +
  'Within a task, a member may use a model when the task’s model list is empty (any model) or includes it, ' +
  'and the member’s model list is “all models” or includes it.';

/** Generation parameters a task fixes; null = the model server's own default. */
export const TaskParameters = z.object({
  temperature: z.number().min(0).max(2).nullable().describe('Sampling temperature; null = the model’s default'),
  topP: z.number().min(0).max(1).nullable().describe('Nucleus sampling (top_p); null = the model’s default'),
  maxTokens: z.number().int().min(1).max(1_000_000).nullable().describe('Longest reply in tokens; null = no limit'),
  contextLength: z
    .number()
    .int()
    .min(256)
    .max(10_000_000)
    .nullable()
    .describe('Context window in tokens (Ollama num_ctx; the history is cut to fit); null = the model’s own'),
});
export type TaskParameters = z.infer<typeof TaskParameters>;

/** A task as a member sees it: never its prompt, unless the admin lets members see it. */
export const Task = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  icon: z.string().optional(),
  defaultModel: z.string().optional().describe('GET /api/models?taskId= lists the models this task lets you use'),
  systemPrompt: z.string().optional().describe('Only when the admin lets members see the prompt'),
});
export type Task = z.infer<typeof Task>;
export const TasksReply = z.object({ items: z.array(Task) }).describe(TASK_PERMISSION_RULE);
