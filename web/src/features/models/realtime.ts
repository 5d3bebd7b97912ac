/**
 * The account's WebSocket handler: when an admin changes what this member may use (role,
 * allow-lists, supervision), the model picker and everything that depends on who they are is
 * refetched at once, in every open tab, instead of on the next reload.
 */
import type { QueryClient } from '@tanstack/react-query';
import { keys } from '#web/lib/keys';
import type { RealtimeRegistration } from '#web/lib/realtime/dispatcher';

/** The handlers the account's data registers into the app's dispatcher. */
export function accountRealtime(queryClient: QueryClient): RealtimeRegistration {
  const refetch = () => {
    void queryClient.invalidateQueries({ queryKey: keys.me });
    void queryClient.invalidateQueries({ queryKey: keys.models });
    void queryClient.invalidateQueries({ queryKey: ['tasks'] });
  };
  return { 'account.updated': refetch, reconnected: refetch };
}
