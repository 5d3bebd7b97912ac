/** The signed-in session: who is signed in, signing in and out. */
import { useQuery } from '@tanstack/react-query';
import type { SessionReply, User } from '#common/auth';
import { authApi, setCsrfToken } from '#web/lib/auth-api';
import { isUnauthorized } from '#web/lib/errors';
import { keys } from '#web/lib/keys';
import { queryClient } from '#web/lib/queryClient';
import { navigate } from '#web/lib/router';
import { applyTheme } from '#web/lib/theme';

/** The user of the newest session this tab has seen (useUser's fallback while a session ends). */
let lastSeenUser: User | null = null;

/** Stores a fresh session (from login, setup or me) in the app. */
export function acceptSession(session: SessionReply): SessionReply {
  lastSeenUser = session.user;
  setCsrfToken(session.csrfToken);
  applyTheme(session.user.settings.theme);
  queryClient.setQueryData(keys.me, session);
  return session;
}

/** The session, or null when signed out. */
export function useSession() {
  return useQuery({
    queryKey: keys.me,
    queryFn: async (): Promise<SessionReply | null> => {
      try {
        const session = await authApi.me();
        lastSeenUser = session.user;
        setCsrfToken(session.csrfToken);
        applyTheme(session.user.settings.theme);
        return session;
      } catch (err) {
        if (isUnauthorized(err)) return null;
        throw err;
      }
    },
    staleTime: Infinity,
  });
}

/**
 * The signed-in user (only call below the signed-in gate).
 *
 * When the session ends (signed out elsewhere, account disabled or deleted), the query's
 * observers are told one by one, so a component below the gate can re-render before the gate
 * has swapped it out. That last render gets the user of the newest session seen instead of throwing.
 */
export function useUser(): User {
  const { data } = useSession();
  const user = data?.user ?? lastSeenUser;
  if (!user) throw new Error('useUser outside a signed-in view');
  return user;
}

/** Ends the session here and on the server, and forgets everything cached. */
export async function signOut(): Promise<void> {
  try {
    await authApi.logout();
  } catch {
    // signed out already, or offline: the local sign-out still happens
  }
  setCsrfToken(null);
  lastSeenUser = null;
  queryClient.clear();
  queryClient.setQueryData(keys.me, null);
  navigate('/login');
}
