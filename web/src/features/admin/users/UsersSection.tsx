/**
 * The Users tab: everyone with their role and state; add, edit, reset a password, disable or
 * enable, delete. The last active admin's role/disable/delete controls are off, with the reason.
 */
import { useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
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

/** "Limited to 2 models and 1 task", or null when both lists are "all". */
function access(u: AdminUser, t: TFunction): string | null {
  const parts: string[] = [];
  if (u.modelIds !== null) parts.push(t('row.models', { count: u.modelIds.length }));
  if (u.taskIds !== null) parts.push(t('row.tasks', { count: u.taskIds.length }));
  if (parts.length === 0) return null;
  const what = parts.length === 2 ? t('row.and', { first: parts[0], second: parts[1] }) : parts[0];
  return t('row.limitedTo', { what });
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
  const { t } = useTranslation('users');
  const limited = access(user, t);
  const protectedReason = lastAdmin ? t('row.onlyAdmin') : self ? t('row.isYou') : null;
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
              {t('row.badgeAdmin')}
            </Badge>
          )}
          {user.supervised && (
            <Badge tone="warn" testId="badge-supervised">
              {t('row.badgeSupervised')}
            </Badge>
          )}
          {user.disabled && (
            <Badge tone="danger" testId="badge-disabled">
              {t('row.badgeDisabled')}
            </Badge>
          )}
          {self && <Badge>{t('row.badgeYou')}</Badge>}
        </div>
        <div className="row-sub">
          {user.disabled
            ? t('row.cantSignIn')
            : user.lastSeenAt
              ? t('row.active', { when: formatRelative(user.lastSeenAt) })
              : t('row.notSignedIn')}
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
          {t('row.edit')}
        </button>
        <button
          type="button"
          className="btn btn-sm"
          data-testid="admin-user-password"
          onClick={() => open({ kind: 'password', user })}
        >
          {t('row.resetPassword')}
        </button>
        {user.disabled ? (
          <button type="button" className="btn btn-sm" data-testid="admin-user-enable" disabled={busy} onClick={enable}>
            {t('row.enable')}
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
            {t('row.disable')}
          </button>
        )}
        <button
          type="button"
          className="btn btn-sm btn-danger-quiet"
          data-testid="admin-user-delete"
          aria-label={t('row.delete', { username: user.username })}
          title={protectedReason ?? t('row.delete', { username: user.username })}
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
  const { t } = useTranslation('users');
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
      setNotice(t(u.disabled ? 'notice.disabled' : 'notice.enabled', { name: u.displayName || u.username }));
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
        title={t('section.title')}
        description={t('section.description')}
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
            <PlusIcon size={16} /> {t('section.add')}
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
          <LoadError error={users.error} what={t('section.what')} onRetry={() => void users.refetch()} />
        ) : list.length === 0 ? (
          <EmptyState>{t('section.empty')}</EmptyState>
        ) : (
          <ul className="rows" aria-label={t('section.list')}>
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
          setNotice(t('notice.created', { name: u.displayName || u.username, username: u.username }));
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
          title={t('disable.title', { name: target?.displayName || target?.username || '' })}
          body={t('disable.body')}
          confirmLabel={t('disable.confirm')}
          danger
          busy={setDisabled.isPending}
          onConfirm={() => target && setDisabled.mutate({ user: target, disabled: true })}
          onCancel={() => setOpen(null)}
        />
      )}
    </>
  );
}
