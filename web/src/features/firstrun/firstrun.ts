/** The first-run guide's data: its query, and a refresh after anything that can check a step off. */
import { useQuery } from '@tanstack/react-query';
import { api } from '#web/lib/api';
import { queryClient } from '#web/lib/queryClient';

/** Under the admin console's keys, so "refresh everything admin" includes it. */
export const firstRunKey = ['admin', 'first-run'] as const;

/** How often the guide looks again while no model server is connected (LM Studio started meanwhile). */
const WATCH_MS = 10_000;

/** The guide's state (admins only; `enabled` false fetches nothing; `watch` asks again while step 1 is open). */
export const useFirstRun = (enabled = true, watch = false) =>
  useQuery({
    queryKey: firstRunKey,
    queryFn: () => api.adminFirstRun(),
    enabled,
    staleTime: 0,
    // Forgotten once off screen: back on the new chat, a step done meanwhile (the first reply)
    // must not flash the old checklist while the server is asked again.
    gcTime: 0,
    refetchInterval: (query) => (watch && query.state.data?.show && !query.state.data.steps.models ? WATCH_MS : false),
  });

/** Asks the server again (a server added, an account made, the guide hidden). */
export function refreshFirstRun(): void {
  void queryClient.invalidateQueries({ queryKey: firstRunKey });
}

/** The admin console's add-a-server dialog, opened straight from a link. */
export const ADD_SERVER_PATH = '/admin/servers?add=1';

/** Whether the page was opened by ADD_SERVER_PATH (the Model servers tab then opens its dialog). */
export const wantsAddServer = (search: string): boolean => new URLSearchParams(search).get('add') === '1';
