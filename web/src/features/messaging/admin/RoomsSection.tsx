/**
 * Admin → Rooms: every people-chat room's name, member count, message count and last activity
 * — never what was said — and deleting a room. An admin cannot join a room from here.
 */
import { useState } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { ConfirmDialog } from '#web/lib/ConfirmDialog';
import { errorText } from '#web/lib/errors';
import { TrashIcon } from '#web/lib/icons';
import { queryClient } from '#web/lib/queryClient';
import { formatRelative } from '#web/lib/ui/format';
import { Badge, EmptyState, ListSkeleton, LoadError, Section } from '#web/lib/ui/Section';
import { messagingApi } from '../api';
import { messagingKeys } from '../keys';
import type { AdminRoom } from '../types';

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** Props: none. */
export function RoomsSection() {
  const rooms = useQuery({ queryKey: messagingKeys.adminRooms, queryFn: () => messagingApi.adminRooms() });
  const [deleting, setDeleting] = useState<AdminRoom | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const remove = useMutation({
    mutationFn: (r: AdminRoom) => messagingApi.adminDeleteRoom(r.id),
    onSuccess: (_v, r) => {
      void queryClient.invalidateQueries({ queryKey: messagingKeys.adminRooms });
      setDeleting(null);
      setNotice(`“${r.name}” was deleted.`);
    },
    onError: () => setDeleting(null),
  });
  return (
    <>
      <Section
        title="Rooms"
        description="People chat rooms and direct messages in the household. You see their size and when they were last used, never what was said; only members can read a room."
        testId="admin-rooms"
      >
        {notice && (
          <p className="saved-note section-note" role="status">
            {notice}
          </p>
        )}
        {remove.isError && (
          <div className="notice notice-error section-note" role="alert">
            {errorText(remove.error)}
          </div>
        )}
        {rooms.isPending ? (
          <ListSkeleton rows={3} />
        ) : rooms.isError ? (
          <LoadError error={rooms.error} what="the rooms" onRetry={() => void rooms.refetch()} />
        ) : rooms.data.items.length === 0 ? (
          <EmptyState testId="admin-rooms-empty">No rooms yet.</EmptyState>
        ) : (
          <ul className="rows" aria-label="Rooms">
            {rooms.data.items.map((r) => {
              const members = r.memberCount;
              const messages = r.messageCount;
              const last = r.lastActivityAt;
              return (
                <li key={r.id} className="row" data-testid="admin-room-row" data-room-id={r.id}>
                  <div className="row-main">
                    <div className="row-title">
                      <span>{r.name || 'Direct message'}</span>
                      {r.kind === 'direct' && <Badge>direct</Badge>}
                    </div>
                    <div className="row-sub">
                      {[count(members, 'member', 'members'), count(messages, 'message', 'messages')]
                        .filter(Boolean)
                        .join(' · ')}
                      {last && ` · last active ${formatRelative(last)}`}
                    </div>
                  </div>
                  <div className="row-actions">
                    <button
                      type="button"
                      className="btn btn-sm btn-danger-quiet"
                      data-testid="admin-room-delete"
                      aria-label={`Delete ${r.name}`}
                      title={`Delete ${r.name}`}
                      onClick={() => {
                        setNotice(null);
                        setDeleting(r);
                      }}
                    >
                      <TrashIcon size={15} />
                    </button>
                  </div>
                </li>
              );
            })}
          </ul>
        )}
      </Section>
      {!!deleting && (
        <ConfirmDialog
          open
          title={`Delete “${deleting.name}”?`}
          body="The room, its messages and its files are deleted for all its members. This can’t be undone."
          confirmLabel="Delete room"
          danger
          busy={remove.isPending}
          onConfirm={() => remove.mutate(deleting)}
          onCancel={() => setDeleting(null)}
        />
      )}
    </>
  );
}
