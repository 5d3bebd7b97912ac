/** The admin console's data: query keys, the lists it reads, and small helpers. */
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { ApiError } from '#common/api-client';
import type { AdminUser } from '#common/admin';
import { api } from '#web/lib/api';
import { errorText } from '#web/lib/errors';
import { queryClient } from '#web/lib/queryClient';

/** Query keys of the admin console; `all` invalidates everything in it. */
export const adminKeys = {
  all: ['admin'] as const,
  users: ['admin', 'users'] as const,
  connections: ['admin', 'connections'] as const,
  tasks: ['admin', 'tasks'] as const,
  audit: (filters: object) => ['admin', 'audit', filters] as const,
  settings: ['admin', 'settings'] as const,
  invites: ['admin', 'invites'] as const,
  summary: (id: string) => ['admin', 'summary', id] as const,
};

/** Every user (households are small: pages of 200, fetched until done). */
export function useAdminUsers() {
  return useQuery({
    queryKey: adminKeys.users,
    queryFn: async () => {
      const users: AdminUser[] = [];
      let cursor: string | undefined;
      do {
        const page = await api.adminListUsers({ limit: 200, cursor });
        users.push(...page.items);
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      return users;
    },
  });
}

export const useAdminConnections = () =>
  useQuery({ queryKey: adminKeys.connections, queryFn: () => api.adminListConnections() });

export const useAdminTasks = () => useQuery({ queryKey: adminKeys.tasks, queryFn: () => api.adminListTasks() });

/** Audit filters as the UI holds them. */
export type AuditFilters = { action: string; actorId: string; from: string; to: string };

/** The audit log, newest first, a page at a time. */
export function useAuditLog(filters: AuditFilters) {
  return useInfiniteQuery({
    queryKey: adminKeys.audit(filters),
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      api.adminAudit({
        limit: 50,
        cursor: pageParam,
        action: filters.action || undefined,
        actorId: filters.actorId || undefined,
        // Dates from <input type="date"> are local days: from its start to the next day's start.
        from: filters.from ? new Date(`${filters.from}T00:00:00`).toISOString() : undefined,
        to: filters.to ? new Date(new Date(`${filters.to}T00:00:00`).getTime() + 86_400_000).toISOString() : undefined,
      }),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

/** Refreshes users (and the audit log, which every change writes to). */
export function refreshUsers(): void {
  void queryClient.invalidateQueries({ queryKey: adminKeys.users });
  void queryClient.invalidateQueries({ queryKey: ['admin', 'audit'] });
}

/** Refreshes the model lists everywhere after a connection change. */
export function refreshConnections(): void {
  void queryClient.invalidateQueries({ queryKey: adminKeys.connections });
  void queryClient.invalidateQueries({ queryKey: ['models'] });
  void queryClient.invalidateQueries({ queryKey: ['admin', 'audit'] });
}

/** True when `user` is the only enabled admin: they can't lose the role or be disabled/deleted. */
export function isLastActiveAdmin(user: AdminUser, users: readonly AdminUser[]): boolean {
  if (user.role !== 'admin' || user.disabled) return false;
  return !users.some((u) => u.id !== user.id && u.role === 'admin' && !u.disabled);
}

/** An error as a sentence, with the 409s of the admin routes made plain. */
export function adminErrorText(err: unknown): string {
  if (err instanceof ApiError && err.code === 'conflict') return err.message;
  return errorText(err);
}
