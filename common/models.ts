/** Models offered by the household's model servers. */
import { z } from 'zod';

export const ProviderKind = z.enum(['openai', 'ollama']);
export type ProviderKind = z.infer<typeof ProviderKind>;

export const Model = z.object({
  id: z.string().describe('Stable id: "<connectionId>/<name as the server calls it>"'),
  name: z.string().describe('The name to show: the display name the admin gave it, else the name its server uses'),
  serverName: z
    .string()
    .optional()
    .describe('The name the model server uses, when the admin gave the model a display name'),
  hidden: z.boolean().optional().describe('Hidden from members by an admin (only admins see such models)'),
  connectionId: z.string(),
  connectionName: z.string().describe('Human name of the model server, e.g. "LM Studio"'),
  provider: ProviderKind,
  contextLength: z.number().int().positive().optional(),
  available: z.boolean().describe('false when its server did not answer the last probe'),
});
export type Model = z.infer<typeof Model>;

/** The state of one model server, as last probed. */
export const ModelServerState = z.object({
  connectionId: z.string(),
  name: z.string(),
  provider: ProviderKind,
  baseUrl: z.string().optional().describe('Its address (admins only)'),
  reachable: z.boolean(),
  error: z.string().optional().describe('Why it is unreachable, naming its address (admins only)'),
  modelCount: z.number().int(),
});
export type ModelServerState = z.infer<typeof ModelServerState>;

export const ModelsReply = z.object({
  items: z.array(Model),
  servers: z.array(ModelServerState).describe('Every configured or probed model server'),
  askAdmin: z
    .string()
    .nullable()
    .optional()
    .describe('For a member: the display name of the admin to ask when no model is available'),
});
export type ModelsReply = z.infer<typeof ModelsReply>;

/** GET /api/models query: `taskId` narrows the list to the models that task lets the caller use. */
export const ModelsQuery = z.object({
  taskId: z
    .string()
    .min(1)
    .max(64)
    .optional()
    .describe('Only the models this task lets you use (404 for a task you may not use)'),
});
export type ModelsQuery = z.infer<typeof ModelsQuery>;
