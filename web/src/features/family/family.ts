/**
 * The Family page's data: the supervised members the signed-in person looks after (admins: all),
 * their flags, usage and (full transcripts only) conversations, and a supervised member's own
 * view of their supervision. React Query keys live here so realtime events can refresh them.
 */
import { useMutation, useQuery } from '@tanstack/react-query';
import type { FamilyControlsPatch, FamilyEntry, FamilyReply } from '#common/family';
import { api } from '#web/lib/api';
import { queryClient } from '#web/lib/queryClient';
import { useUser } from '#web/features/auth/session';

/** Query keys of the family feature (all under `family`, so one invalidation refreshes them all). */
export const familyKeys = {
  all: ['family'] as const,
  list: ['family', 'list'] as const,
  flags: (userId: string) => ['family', 'flags', userId] as const,
  usage: (userId: string, days: number) => ['family', 'usage', userId, days] as const,
  conversations: (userId: string) => ['family', 'conversations', userId] as const,
  conversation: (userId: string, id: string) => ['family', 'conversations', userId, id] as const,
  supervision: ['supervision'] as const,
};

/**
 * `GET /api/family`. Asked by every adult (a member who guards nobody gets an empty list, which
 * hides the Family entry); a supervised member never guards anyone, so they do not ask.
 */
export function useFamily() {
  const user = useUser();
  return useQuery({
    queryKey: familyKeys.list,
    queryFn: () => api.familyList(),
    enabled: !user.supervised,
    staleTime: 30_000,
  });
}

/** Whether the Family page is for this person: an admin, or someone who guards a member. */
export function useShowsFamily(): boolean {
  const user = useUser();
  const family = useFamily();
  return user.role === 'admin' || (family.data?.items.length ?? 0) > 0;
}

/** Flags not yet reviewed, over every member the person looks after. */
export function useUnreviewedTotal(): number {
  const family = useFamily();
  return (family.data?.items ?? []).reduce((n, e) => n + e.unreviewedFlags, 0);
}

/** Puts a fresh entry (the reply of a PATCH or extra) into the cached list. */
export function storeEntry(entry: FamilyEntry): void {
  queryClient.setQueryData<FamilyReply>(familyKeys.list, (old) =>
    old ? { items: old.items.map((e) => (e.user.id === entry.user.id ? entry : e)) } : old,
  );
}

/** Saving controls: `PATCH /api/family/:userId`. */
export function useSaveControls(userId: string) {
  return useMutation({
    mutationFn: (patch: FamilyControlsPatch) => api.familyUpdate(userId, patch),
    onSuccess: (entry) => {
      // Transcripts off: forget what was read (asking again would only get 404s).
      if (!entry.controls.fullTranscripts) queryClient.removeQueries({ queryKey: familyKeys.conversations(userId) });
      storeEntry(entry);
    },
  });
}

/** "Give 10 more": `POST /api/family/:userId/extra`. */
export function useGiveExtra(userId: string) {
  return useMutation({
    mutationFn: (body: { messages?: number; tokens?: number }) => api.familyExtra(userId, body),
    onSuccess: storeEntry,
  });
}

/** A supervised member's own view: `GET /api/me/supervision` (not asked for anyone else). */
export function useSupervision() {
  const user = useUser();
  return useQuery({
    queryKey: familyKeys.supervision,
    queryFn: () => api.mySupervision(),
    enabled: user.supervised,
    staleTime: 30_000,
    refetchInterval: 5 * 60_000, // what is left today moves with every send; a slow refresh keeps it honest
  });
}

/** Refreshes everything the Family page shows (after a `family.*` event or a reconnect). */
export function refreshFamily(): void {
  // Transcripts are only marked stale: they may just have been turned off, and the viewer
  // refetches them when it mounts again (after the fresh entry says they are on).
  void queryClient.invalidateQueries({ queryKey: familyKeys.all, predicate: (q) => q.queryKey[1] !== 'conversations' });
  void queryClient.invalidateQueries({ queryKey: ['family', 'conversations'], refetchType: 'none' });
}
