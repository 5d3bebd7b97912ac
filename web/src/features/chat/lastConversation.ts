/**
 * Continue where you left off: the last opened conversation is remembered on this device
 * (localStorage: a fresh visit to / reopens it before the first paint, see main.tsx) and in the
 * user's settings on the server, so signing in on another device reopens it too.
 */
import { useEffect } from 'react';
import type { SessionReply, User } from '#common/auth';
import { authApi } from '#web/lib/auth-api';
import { keys } from '#web/lib/keys';
import { queryClient } from '#web/lib/queryClient';
import { conversationPath, navigate } from '#web/lib/router';

const KEY = 'hearth.lastConversation';

/** The id last sent to the server (or read from it), so re-opening the same chat sends nothing. */
let savedRemotely: string | null | undefined;

export function rememberLastConversation(id: string | null): void {
  try {
    if (id) localStorage.setItem(KEY, id);
    else localStorage.removeItem(KEY);
  } catch {
    // storage unavailable: nothing to remember
  }
  const session = queryClient.getQueryData<SessionReply | null>(keys.me);
  if (!session) return;
  if (savedRemotely === undefined) savedRemotely = session.user.settings.lastConversationId;
  if (savedRemotely === id) return;
  savedRemotely = id;
  queryClient.setQueryData<SessionReply | null>(keys.me, (s) =>
    s ? { ...s, user: { ...s.user, settings: { ...s.user.settings, lastConversationId: id } } } : s,
  );
  // A preference: failing to save it (offline, signed out meanwhile) is not worth an error.
  authApi.updateSettings({ lastConversationId: id }).catch(() => (savedRemotely = undefined));
}

/** The conversation this page load resumed (a 404 for it quietly falls back to a new chat). */
export const resumed: { id: string | null } = { id: null };

export function lastConversation(): string | null {
  try {
    return localStorage.getItem(KEY);
  } catch {
    return null;
  }
}

/** Whose sign-in was already resumed in this page load (once per user, never again after). */
let resumedFor: string | null = null;

/**
 * After sign-in (or a fresh visit), opens the conversation the user last had open on any
 * device. Runs once per page load and user: a later "New chat" (which goes to /) stays there.
 * Props: the user, and the conversation open now (null at /).
 */
export function useResumeLastConversation(user: User, openId: string | null): void {
  useEffect(() => {
    if (resumedFor === user.id) return;
    resumedFor = user.id;
    savedRemotely = user.settings.lastConversationId;
    const target = user.settings.lastConversationId ?? (openId === null ? lastConversation() : null);
    // Only replace what the app chose by itself: the empty home page, or this device's last chat.
    const automatic = openId === null || openId === resumed.id;
    if (!target || !automatic || target === openId) return;
    resumed.id = target;
    navigate(conversationPath(target), { replace: true });
    // Mount-time only: later changes of the open conversation are the user's own doing.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
}
