/**
 * Admin → Rooms: every people-chat room's name, member count, message count and last activity
 * — never what was said — and deleting a room. An admin cannot join a room from here.
 */
import { useState } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ConfirmDialog } from '#web/lib/ConfirmDialog';
import { errorText } from '#web/lib/errors';
import { TrashIcon } from '#web/lib/icons';
import { queryClient } from '#web/lib/queryClient';
import { formatRelative } from '#web/lib/ui/format';
import { Badge, EmptyState, ListSkeleton, LoadError, Section } from '#web/lib/ui/Section';
import { messagingApi } from '../api';
import { messagingKeys } from '../keys';
import type { AdminRoom } from '../types';

/** Props: none. */
export function RoomsSection() {
  const { t } = useTranslation('messaging');
  const rooms = useQuery({ queryKey: messagingKeys.adminRooms, queryFn: () => messagingApi.adminRooms() });
  const [deleting, setDeleting] = useState<AdminRoom | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const remove = useMutation({
    mutationFn: (r: AdminRoom) => messagingApi.adminDeleteRoom(r.id),
    onSuccess: (_v, r) => {
      void queryClient.invalidateQueries({ queryKey: messagingKeys.adminRooms });
      setDeleting(null);
      setNotice(t('admin.deleted', { name: r.name }));
    },
    onError: () => setDeleting(null),
  });
  return (
    <>
      <Section title={t('admin.title')} description={t('admin.description')} testId="admin-rooms">
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
          <LoadError error={rooms.error} what={t('admin.what')} onRetry={() => void rooms.refetch()} />
        ) : rooms.data.items.length === 0 ? (
          <EmptyState testId="admin-rooms-empty">{t('admin.empty')}</EmptyState>
        ) : (
          <ul className="rows" aria-label={t('admin.label')}>
            {rooms.data.items.map((r) => {
              const members = r.memberCount;
              const messages = r.messageCount;
              const last = r.lastActivityAt;
              const name = r.name || t('words.directMessage');
              return (
                <li key={r.id} className="row" data-testid="admin-room-row" data-room-id={r.id}>
                  <div className="row-main">
                    <div className="row-title">
                      <span>{name}</span>
                      {r.kind === 'direct' && <Badge>{t('admin.directBadge')}</Badge>}
                    </div>
                    <div className="row-sub">
                      {[
                        t('admin.members', { count: members }),
                        t('admin.messages', { count: messages }),
                        last ? t('admin.lastActive', { when: formatRelative(last) }) : '',
                      ]
                        .filter(Boolean)
                        .join(' · ')}
                    </div>
                  </div>
                  <div className="row-actions">
                    <button
                      type="button"
                      className="btn btn-sm btn-danger-quiet"
                      data-testid="admin-room-delete"
                      aria-label={t('admin.delete', { name })}
                      title={t('admin.delete', { name })}
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
          title={t('admin.deleteTitle', { name: deleting.name })}
          body={t('admin.deleteBody')}
          confirmLabel={t('admin.deleteConfirm')}
          danger
          busy={remove.isPending}
          onConfirm={() => remove.mutate(deleting)}
          onCancel={() => setDeleting(null)}
        />
      )}
    </>
  );
}
