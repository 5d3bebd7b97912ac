/**
 * Deleting a user, after a confirmation that names what goes with them (counts from the summary
 * route) and asks for their username, since nothing brings it back.
 */
import { useState } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import type { AdminUser, UserDataSummary } from '#common/admin';
import { api } from '#web/lib/api';
import { errorText } from '#web/lib/errors';
import { FormDialog } from '#web/lib/ui/FormDialog';
import { adminErrorText, adminKeys, refreshUsers } from '../admin';

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString()} ${n === 1 ? one : many}`;

function WhatGoes({ summary }: { summary: UserDataSummary }) {
  return (
    <ul className="delete-list" data-testid="delete-user-summary">
      <li>
        {plural(summary.conversations, 'conversation')} with {plural(summary.messages, 'message')}
      </li>
      <li>{plural(summary.apiTokens, 'API token')}, revoked</li>
      <li>{plural(summary.sessions, 'open session')}, signed out</li>
    </ul>
  );
}

function DeleteUserForm({ user, onClose }: { user: AdminUser; onClose: () => void }) {
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
      title={`Delete ${user.displayName || user.username}?`}
      submitLabel="Delete for good"
      submitDisabled={!matches || !summary.isSuccess}
      busy={remove.isPending}
      error={remove.isError ? adminErrorText(remove.error) : null}
      testId="delete-user-dialog"
      onSubmit={() => remove.mutate()}
      onClose={onClose}
    >
      <p className="dialog-text">The account @{user.username} and everything in it goes, and can’t be brought back:</p>
      {summary.isPending ? (
        <p className="hint" aria-busy="true">
          Counting their data…
        </p>
      ) : summary.isError ? (
        <p className="field-error" role="alert">
          Couldn’t count their data: {errorText(summary.error)}
        </p>
      ) : (
        <WhatGoes summary={summary.data} />
      )}
      <p className="hint">To keep their chats but stop them signing in, disable the account instead.</p>
      <div className="field">
        <label htmlFor="delete-user-confirm">
          Type <strong>{user.username}</strong> to confirm
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
