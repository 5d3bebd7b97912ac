/**
 * The Users tab: everyone with their role and state; add, edit, reset a password, disable or
 * enable, delete. The last active admin's role/disable/delete controls are off, with the reason.
 */
import { useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import type { AdminUser } from '#common/admin';
import { api } from '#web/lib/api';
import { ConfirmDialog } from '#web/lib/ConfirmDialog';
import { PlusIcon, TrashIcon } from '#web/lib/icons';
import { useUser } from '#web/features/auth/session';
import { formatRelative } from '#web/lib/ui/format';
import { Badge, EmptyState, ListSkeleton, LoadError, Section } from '#web/lib/ui/Section';
import { adminErrorText, isLastActiveAdmin, refreshUsers, useAdminUsers } from '../admin';
import { CreateUserDialog } from './CreateUserDialog';
import { DeleteUserDialog } from './DeleteUserDialog';
import { EditUserDialog } from './EditUserDialog';
import { ResetPasswordDialog } from './ResetPasswordDialog';
import { SignInCardButton } from '#web/features/firstrun/SignInCardButton';

type Open = { kind: 'edit' | 'password' | 'disable' | 'delete'; user: AdminUser } | { kind: 'create' } | null;

const initials = (u: AdminUser) =>
  (u.displayName || u.username)
    .split(/\s+/)
    .map((w) => w[0] ?? '')
    .join('')
    .slice(0, 2)
    .toUpperCase();

function access(u: AdminUser): string | null {
  const parts: string[] = [];
  if (u.modelIds !== null) parts.push(u.modelIds.length === 1 ? '1 model' : `${u.modelIds.length} models`);
  if (u.taskIds !== null) parts.push(u.taskIds.length === 1 ? '1 task' : `${u.taskIds.length} tasks`);
  return parts.length ? `Limited to ${parts.join(' and ')}` : null;
}

type RowProps = {
  user: AdminUser;
  self: boolean;
  lastAdmin: boolean;
  busy: boolean;
  open: (o: Open) => void;
  enable: () => void;
};

function UserRow({ user, self, lastAdmin, busy, open, enable }: RowProps) {
  const limited = access(user);
  const protectedReason = lastAdmin
    ? 'The only active admin: can’t be disabled, deleted or made a member.'
    : self
      ? 'This is you.'
      : null;
  return (
    <li
      className={`row user-row${user.disabled ? ' is-disabled' : ''}`}
      data-testid="admin-user-row"
      data-username={user.username}
    >
      <span className="avatar" aria-hidden="true">
        {initials(user)}
      </span>
      <div className="row-main">
        <div className="row-title">
          <span>{user.displayName || user.username}</span>
          <span className="row-handle">@{user.username}</span>
          {user.role === 'admin' && (
            <Badge tone="accent" testId="badge-admin">
              admin
            </Badge>
          )}
          {user.supervised && (
            <Badge tone="warn" testId="badge-supervised">
              supervised
            </Badge>
          )}
          {user.disabled && (
            <Badge tone="danger" testId="badge-disabled">
              disabled
            </Badge>
          )}
          {self && <Badge>you</Badge>}
        </div>
        <div className="row-sub">
          {user.disabled
            ? 'Can’t sign in'
            : user.lastSeenAt
              ? `Active ${formatRelative(user.lastSeenAt)}`
              : 'Not signed in'}
          {limited && ` · ${limited}`}
          {!self && <SignInCardButton person={user} />}
        </div>
        {protectedReason && lastAdmin && (
          <div className="row-sub row-note" data-testid="last-admin-note">
            {protectedReason}
          </div>
        )}
      </div>
      <div className="row-actions">
        <button
          type="button"
          className="btn btn-sm"
          data-testid="admin-user-edit"
          onClick={() => open({ kind: 'edit', user })}
        >
          Edit
        </button>
        <button
          type="button"
          className="btn btn-sm"
          data-testid="admin-user-password"
          onClick={() => open({ kind: 'password', user })}
        >
          Reset password
        </button>
        {user.disabled ? (
          <button type="button" className="btn btn-sm" data-testid="admin-user-enable" disabled={busy} onClick={enable}>
            Enable
          </button>
        ) : (
          <button
            type="button"
            className="btn btn-sm"
            data-testid="admin-user-disable"
            disabled={lastAdmin || self}
            title={protectedReason ?? undefined}
            onClick={() => open({ kind: 'disable', user })}
          >
            Disable
          </button>
        )}
        <button
          type="button"
          className="btn btn-sm btn-danger-quiet"
          data-testid="admin-user-delete"
          aria-label={`Delete ${user.username}`}
          title={protectedReason ?? `Delete ${user.username}`}
          disabled={lastAdmin || self}
          onClick={() => open({ kind: 'delete', user })}
        >
          <TrashIcon size={15} />
        </button>
      </div>
    </li>
  );
}

/** Props: none. */
export function UsersSection() {
  const me = useUser();
  const users = useAdminUsers();
  const [open, setOpen] = useState<Open>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const setDisabled = useMutation({
    mutationFn: ({ user, disabled }: { user: AdminUser; disabled: boolean }) =>
      api.adminUpdateUser(user.id, { disabled }),
    onSuccess: (u) => {
      refreshUsers();
      setOpen(null);
      setNotice(
        u.disabled
          ? `${u.displayName || u.username} is disabled and was signed out everywhere.`
          : `${u.displayName || u.username} can sign in again.`,
      );
    },
    // The confirmation closes so the reason (e.g. the 409 for the last admin) shows in the list.
    onError: () => setOpen(null),
  });
  const list = users.data ?? [];
  const target = open && open.kind !== 'create' ? open.user : null;
  const lastAdminOf = (u: AdminUser) => isLastActiveAdmin(u, list);

  return (
    <>
      <Section
        title="Users"
        description="Everyone who can sign in to Hearth. Admins manage users, model servers and tasks."
        testId="admin-users"
        actions={
          <button
            type="button"
            className="btn btn-primary"
            data-testid="admin-create-user"
            onClick={() => {
              setNotice(null);
              setOpen({ kind: 'create' });
            }}
          >
            <PlusIcon size={16} /> Add user
          </button>
        }
      >
        {notice && (
          <p className="saved-note section-note" role="status" data-testid="admin-users-notice">
            {notice}
          </p>
        )}
        {setDisabled.isError && (
          <div className="notice notice-error section-note" role="alert" data-testid="admin-users-error">
            {adminErrorText(setDisabled.error)}
          </div>
        )}
        {users.isPending ? (
          <ListSkeleton rows={3} />
        ) : users.isError ? (
          <LoadError error={users.error} what="the users" onRetry={() => void users.refetch()} />
        ) : list.length === 0 ? (
          <EmptyState>No users yet.</EmptyState>
        ) : (
          <ul className="rows" aria-label="Users">
            {list.map((u) => (
              <UserRow
                key={u.id}
                user={u}
                self={u.id === me.id}
                lastAdmin={lastAdminOf(u)}
                busy={setDisabled.isPending}
                open={(o) => {
                  setNotice(null);
                  setDisabled.reset();
                  setOpen(o);
                }}
                enable={() => setDisabled.mutate({ user: u, disabled: false })}
              />
            ))}
          </ul>
        )}
      </Section>

      <CreateUserDialog
        open={open?.kind === 'create'}
        onClose={() => setOpen(null)}
        onCreated={(u) => {
          setOpen(null);
          setNotice(`${u.displayName || u.username} can now sign in as “${u.username}”.`);
        }}
      />
      <EditUserDialog
        user={open?.kind === 'edit' ? open.user : null}
        selfId={me.id}
        lastAdmin={open?.kind === 'edit' ? lastAdminOf(open.user) : false}
        onClose={() => setOpen(null)}
      />
      <ResetPasswordDialog user={open?.kind === 'password' ? open.user : null} onClose={() => setOpen(null)} />
      <DeleteUserDialog user={open?.kind === 'delete' ? open.user : null} onClose={() => setOpen(null)} />
      {open?.kind === 'disable' && (
        <ConfirmDialog
          open
          title={`Disable ${target?.displayName || target?.username || ''}?`}
          body="They are signed out everywhere at once, any reply being written for them stops, and they can’t sign in until you enable the account again. Their chats are kept."
          confirmLabel="Disable"
          danger
          busy={setDisabled.isPending}
          onConfirm={() => target && setDisabled.mutate({ user: target, disabled: true })}
          onCancel={() => setOpen(null)}
        />
      )}
    </>
  );
}
