/**
 * The first-run guide's contract (`/api/admin/first-run`, admins only): the three steps of a new
 * household, each checked from real state, the model servers auto-detection found, and where the
 * family can reach this server (for their sign-in cards).
 */
import { z } from 'zod';
import { ProviderKind } from './models';

/** A model server auto-detection found answering (LM Studio or Ollama on their usual ports). */
export const DetectedServer = z.object({
  name: z.string().describe('A readable name to add it under, e.g. "LM Studio on this computer"'),
  provider: ProviderKind,
  baseUrl: z.string().describe('Its address: what POST /api/admin/connections takes to add it'),
  modelCount: z.number().int().min(0).describe('How many models it offered when asked just now'),
  connectionId: z
    .string()
    .nullable()
    .describe('The configured server (HEARTH_MODEL_SERVERS or added here) at this address; null: not added yet'),
});
export type DetectedServer = z.infer<typeof DetectedServer>;

/** GET /api/admin/first-run. */
export const FirstRunState = z.object({
  show: z.boolean().describe('Whether to show the guide: a step is left and no admin hid it'),
  dismissed: z.boolean().describe('An admin hid the guide before its steps were done'),
  steps: z.object({
    models: z.boolean().describe('A configured model server (not only a probe) answers with models'),
    family: z.boolean().describe('More than one account exists'),
    firstMessage: z.boolean().describe('The caller has had a complete reply in a chat of their own'),
  }),
  servers: z
    .array(z.object({ id: z.string(), name: z.string(), modelCount: z.number().int().min(0) }))
    .describe('Configured model servers that answer with models'),
  detected: z.array(DetectedServer).describe('Servers auto-detection found answering (empty once the guide is hidden)'),
  addresses: z
    .array(z.string())
    .describe('Addresses the family can open (HEARTH_PUBLIC_URL, else this server on its network addresses)'),
});
export type FirstRunState = z.infer<typeof FirstRunState>;

/** PATCH /api/admin/first-run → FirstRunState. */
export const FirstRunPatch = z.object({
  dismissed: z.boolean().describe('true hides the guide for every admin; false shows it again'),
});
export type FirstRunPatch = z.infer<typeof FirstRunPatch>;
