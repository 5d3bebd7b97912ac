/** Changing the user's settings (theme, language, default model, display name) with instant local effect. */
import type { Language, SessionReply, Theme, User } from '#common/auth';
import { api } from '#web/lib/api';
import { keys } from '#web/lib/keys';
import { queryClient } from '#web/lib/queryClient';
import { applyTheme } from '#web/lib/theme';

/** Query keys of the settings page. */
export const settingsKeys = {
  tokens: ['settings', 'tokens'] as const,
  sessions: ['settings', 'sessions'] as const,
  passkeys: ['settings', 'passkeys'] as const,
};

/** Patches the signed-in user in the cached session. */
function patchUser(patch: (u: User) => User): void {
  queryClient.setQueryData<SessionReply | null>(keys.me, (s) => (s ? { ...s, user: patch(s.user) } : s));
}

/** Applies a theme at once, then saves it so it follows the user to other devices. */
export async function setTheme(theme: Theme): Promise<void> {
  applyTheme(theme);
  patchUser((u) => ({ ...u, settings: { ...u.settings, theme } }));
  await api.updateSettings({ theme });
}

/**
 * Saves the app's language (null: follow the browser). The app switches at once — the signed-in
 * app follows the cached setting — and back if the save fails.
 */
export async function setLanguage(language: Language | null): Promise<void> {
  const before = queryClient.getQueryData<SessionReply | null>(keys.me)?.user.settings.language ?? null;
  patchUser((u) => ({ ...u, settings: { ...u.settings, language } }));
  try {
    await api.updateSettings({ language });
  } catch (err) {
    patchUser((u) => ({ ...u, settings: { ...u.settings, language: before } }));
    throw err;
  }
}

/** Saves the model picked for new chats (null: the first available one). */
export async function setDefaultModel(defaultModel: string | null): Promise<void> {
  await api.updateSettings({ defaultModel });
  patchUser((u) => ({ ...u, settings: { ...u.settings, defaultModel } }));
}

/**
 * Saves whether replies show as they are written (false: whole, when done). The switch flips at once,
 * so a slow server never leaves it looking unclicked; it flips back if the save fails.
 */
export async function setStreamReplies(streamReplies: boolean): Promise<void> {
  patchUser((u) => ({ ...u, settings: { ...u.settings, streamReplies } }));
  try {
    await api.updateSettings({ streamReplies });
  } catch (err) {
    patchUser((u) => ({ ...u, settings: { ...u.settings, streamReplies: !streamReplies } }));
    throw err;
  }
}

/** Saves the display name; the cached session follows once the server agreed. */
export async function setDisplayName(displayName: string): Promise<void> {
  await api.updateSettings({ displayName });
  patchUser((u) => ({ ...u, displayName }));
}

/** Saves the member's own instructions for the assistant ('' clears them). */
export async function setCustomInstructions(customInstructions: string): Promise<void> {
  await api.updateSettings({ customInstructions });
  patchUser((u) => ({ ...u, settings: { ...u.settings, customInstructions: customInstructions.trim() } }));
}
