import { MUSIC_TASK_PROMPT } from './music/prompt';

/**
 * The built-in tasks. Their rows (prompt included) are seeded by migration 0002 and admins may
 * edit or disable them, but not delete them; these prompts are the fallback should a row be
 * missing (a database restored from before 0002 ran).
 */

const GENERAL_PROMPT =
  'You are Hearth, a friendly assistant for a household. Answer clearly and helpfully, ' +
  'in the language the person writes in. Keep answers short unless asked for detail, and say so ' +
  'when you are not sure.';

/** The default task of a new conversation. */
export const DEFAULT_TASK_ID = 'general';

/** The built-in tasks' ids and their original system prompts. */
export const BUILT_IN_PROMPTS: Readonly<Record<string, string>> = { general: GENERAL_PROMPT, music: MUSIC_TASK_PROMPT };

/** Whether `id` is a built-in task (cannot be deleted). */
export const isBuiltInTask = (id: string): boolean => Object.hasOwn(BUILT_IN_PROMPTS, id);
