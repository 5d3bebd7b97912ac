/**
 * Deleting a user, after a confirmation that names what goes with them (counts from the summary
 * route) and asks for their username, since nothing brings it back.
 */
import { useState } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Trans, useTranslation } from 'react-i18next';
import type { AdminUser, UserDataSummary } from '#common/admin';
import { api } from '#web/lib/api';
import { errorText } from '#web/lib/errors';
import { currentLocale } from '#web/lib/i18n';
import { FormDialog } from '#web/lib/ui/FormDialog';
import { adminErrorText, adminKeys, refreshUsers } from '../admin';

function WhatGoes({ summary }: { summary: UserDataSummary }) {
  const { t } = useTranslation('users');
  /** "3 conversations": the count in this language's digits, the word by its plural. */
  const count = (key: string, n: number) => t(`delete.${key}`, { count: n, n: n.toLocaleString(currentLocale()) });
  const tokens = count('tokens', summary.apiTokens);
  const sessions = count('sessions', summary.sessions);
  return (
    <ul className="delete-list" data-testid="delete-user-summary">
      <li>
        {t('delete.conversationsWith', {
          conversations: count('conversations', summary.conversations),
          messages: count('messages', summary.messages),
        })}
      </li>
      <li>{tokens}</li>
      <li>{sessions}</li>
    </ul>
  );
}

function DeleteUserForm({ user, onClose }: { user: AdminUser; onClose: () => void }) {
  const { t } = useTranslation('users');
  const [typed, setTyped] = useState('');
  const summary = useQuery({
    queryKey: adminKeys.summary(user.id),
    queryFn: () => api.adminUserSummary(user.id),
    staleTime: 0,
  });
  const remove = useMutation({
    mutationFn: () => api.adminDeleteUser(user.id),
    onSuccess: () => {
      refreshUsers();
      onClose();
    },
  });
  const matches = typed.trim().toLowerCase() === user.username;

  return (
    <FormDialog
      open
      danger
      title={t('delete.title', { name: user.displayName || user.username })}
      submitLabel={t('delete.submit')}
      submitDisabled={!matches || !summary.isSuccess}
      busy={remove.isPending}
      error={remove.isError ? adminErrorText(remove.error) : null}
      testId="delete-user-dialog"
      onSubmit={() => remove.mutate()}
      onClose={onClose}
    >
      <p className="dialog-text">{t('delete.what', { username: user.username })}</p>
      {summary.isPending ? (
        <p className="hint" aria-busy="true">
          {t('delete.counting')}
        </p>
      ) : summary.isError ? (
        <p className="field-error" role="alert">
          {t('delete.countFailed', { error: errorText(summary.error) })}
        </p>
      ) : (
        <WhatGoes summary={summary.data} />
      )}
      <p className="hint">{t('delete.instead')}</p>
      <div className="field">
        <label htmlFor="delete-user-confirm">
          <Trans
            t={t}
            i18nKey="delete.typeToConfirm"
            values={{ username: user.username }}
            components={{ b: <strong /> }}
          />
        </label>
        <input
          id="delete-user-confirm"
          className="input"
          data-testid="delete-user-confirm"
          autoComplete="off"
          autoCapitalize="none"
          spellCheck={false}
          value={typed}
          onChange={(e) => setTyped(e.target.value)}
        />
      </div>
    </FormDialog>
  );
}

/** Props: the user (null: closed) and the close handler. */
export function DeleteUserDialog({ user, onClose }: { user: AdminUser | null; onClose: () => void }) {
  return user ? <DeleteUserForm key={user.id} user={user} onClose={onClose} /> : null;
}
