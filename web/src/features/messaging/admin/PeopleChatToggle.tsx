/**
 * The user editor's "People chat" switch: whether this member may use people chat. It saves at
 * once (its own route, `PUT /api/admin/users/:id/people-chat`), apart from the dialog's Save.
 */
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { errorText } from '#web/lib/errors';
import { queryClient } from '#web/lib/queryClient';
import { messagingApi } from '../api';

/** Props: the member being edited. */
export function PeopleChatToggle({ userId }: { userId: string }) {
  const { t } = useTranslation('messaging');
  const key = ['admin', 'people-chat', userId];
  const access = useQuery({ queryKey: key, queryFn: () => messagingApi.peopleChatAccess(userId) });
  const change = useMutation({
    mutationFn: (enabled: boolean) => messagingApi.setPeopleChatAccess(userId, enabled),
    onSuccess: (data) => queryClient.setQueryData(key, data),
  });
  const enabled = change.isPending ? change.variables : (access.data?.enabled ?? true);
  return (
    <label className="check field">
      <input
        type="checkbox"
        data-testid="edit-user-people-chat"
        checked={enabled}
        disabled={access.isPending || change.isPending || access.isError}
        onChange={(e) => change.mutate(e.target.checked)}
      />
      <span className="check-text">
        <span>{t('admin.toggle')}</span>
        <span className="check-hint">
          {access.isError
            ? t('admin.toggleLoadFailed', { error: errorText(access.error) })
            : change.isError
              ? t('admin.toggleFailed', { error: errorText(change.error) })
              : t('admin.toggleHint')}
        </span>
      </span>
    </label>
  );
}
