/** Tasks: assistants with their own prompt, models and tools. */
import { z } from 'zod';

export const Task = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  icon: z.string().optional(),
  defaultModel: z.string().optional(),
});
export type Task = z.infer<typeof Task>;
export const TasksReply = z.object({ items: z.array(Task) });
