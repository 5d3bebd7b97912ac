/**
 * The Sign-up tab: off (the default) or by invite link. An invite is a one-time link that
 * expires; its link is shown once, after which it can only be revoked.
 */
import { useState } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import type { CreatedInvite, Invite, SignupMode } from '#common/admin';
import type { Role } from '#common/auth';
import { api } from '#web/lib/api';
import { ConfirmDialog } from '#web/lib/ConfirmDialog';
import { queryClient } from '#web/lib/queryClient';
import { CopyButton } from '#web/lib/ui/CopyButton';
import { formatDateTime, formatRelative } from '#web/lib/ui/format';
import { Badge, EmptyState, ListSkeleton, LoadError, Section } from '#web/lib/ui/Section';
import { adminErrorText, adminKeys } from '../admin';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';

/** How long a new link works; `label` is a key in the admin namespace. */
const expiries = [
  { hours: 24, label: 'expiryDay' },
  { hours: 72, label: 'expiry3Days' },
  { hours: 168, label: 'expiryWeek' },
  { hours: 720, label: 'expiry30Days' },
];

/** The link to hand out: this page's origin, which is how the household reaches Hearth. */
export const inviteLink = (token: string) => `${location.origin}/signup?token=${encodeURIComponent(token)}`;

const refreshInvites = () => {
  void queryClient.invalidateQueries({ queryKey: adminKeys.invites });
  void queryClient.invalidateQueries({ queryKey: ['admin', 'audit'] });
};

/** The sign-up choices, with the keys of their name and hint. */
const MODES: { value: SignupMode; label: string; hint: string }[] = [
  { value: 'off', label: 'signupOff', hint: 'signupOffHint' },
  { value: 'invite', label: 'signupInvite', hint: 'signupInviteHint' },
];

function ModeCard() {
  const { t } = useTranslation('admin');
  const settings = useQuery({ queryKey: adminKeys.settings, queryFn: () => api.adminSettings() });
  const update = useMutation({
    mutationFn: (signupMode: SignupMode) => api.adminUpdateSettings({ signupMode }),
    onSuccess: (s) => {
      queryClient.setQueryData(adminKeys.settings, s);
      void queryClient.invalidateQueries({ queryKey: ['admin', 'audit'] });
    },
  });
  const mode = update.isPending ? update.variables : settings.data?.signupMode;
  return (
    <Section title={t('signupTitle')} description={t('signupDescription')} testId="admin-signup">
      {settings.isPending ? (
        <ListSkeleton rows={1} />
      ) : settings.isError ? (
        <LoadError error={settings.error} what={t('whatSignupSetting')} onRetry={() => void settings.refetch()} />
      ) : (
        <div className="segmented" role="radiogroup" aria-label={t('signupTitle')}>
          {MODES.map(({ value, label, hint }) => (
            <label key={value} className="segment" data-testid={`signup-mode-${value}`}>
              <input
                type="radio"
                name="signup-mode"
                value={value}
                checked={mode === value}
                disabled={update.isPending}
                onChange={() => update.mutate(value)}
              />
              <span className="segment-label">{t(label)}</span>
              <span className="segment-hint">{t(hint)}</span>
            </label>
          ))}
        </div>
      )}
      {update.isError && (
        <p className="field-error" role="alert">
          {t('couldNotChange', { error: adminErrorText(update.error) })}
        </p>
      )}
    </Section>
  );
}

function NewInvite({ enabled }: { enabled: boolean }) {
  const { t } = useTranslation('admin');
  const [role, setRole] = useState<Role>('member');
  const [supervised, setSupervised] = useState(false);
  const [hours, setHours] = useState(72);
  const [created, setCreated] = useState<CreatedInvite | null>(null);
  const create = useMutation({
    mutationFn: () => api.adminCreateInvite({ role, supervised, expiresInHours: hours }),
    onSuccess: (invite) => {
      setCreated(invite);
      refreshInvites();
    },
  });

  if (created) {
    const link = inviteLink(created.token);
    return (
      <div className="secret-box" role="status" data-testid="invite-created">
        <strong>{t('copyLinkNow')}</strong>
        <div className="secret">
          <code data-testid="invite-link">{link}</code>
          <CopyButton text={link} testId="invite-copy" />
        </div>
        <p className="hint">{t('linkWorksOnce', { until: formatDateTime(created.expiresAt) })}</p>
        <button type="button" className="btn" data-testid="invite-done" onClick={() => setCreated(null)}>
          {t('done')}
        </button>
      </div>
    );
  }
  return (
    <div className="invite-form">
      {!enabled && <p className="notice notice-warn">{t('signupIsOff')}</p>}
      <div className="form-row">
        <div className="field">
          <label htmlFor="invite-role">{t('account')}</label>
          <select
            id="invite-role"
            className="input select"
            data-testid="invite-role"
            value={role}
            onChange={(e) => setRole(e.target.value === 'admin' ? 'admin' : 'member')}
          >
            <option value="member">{t('roleMember')}</option>
            <option value="admin">{t('roleAdmin')}</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="invite-expiry">{t('linkWorksFor')}</label>
          <select
            id="invite-expiry"
            className="input select"
            data-testid="invite-expiry"
            value={hours}
            onChange={(e) => setHours(Number(e.target.value))}
          >
            {expiries.map((x) => (
              <option key={x.hours} value={x.hours}>
                {t(x.label)}
              </option>
            ))}
          </select>
        </div>
      </div>
      <label className="check field">
        <input
          type="checkbox"
          data-testid="invite-supervised"
          checked={supervised}
          onChange={(e) => setSupervised(e.target.checked)}
        />
        <span className="check-text">
          <span>{t('supervised')}</span>
          <span className="check-hint">{t('supervisedHint')}</span>
        </span>
      </label>
      <div className="form-actions">
        <button
          type="button"
          className="btn btn-primary"
          data-testid="invite-create"
          disabled={create.isPending}
          onClick={() => create.mutate()}
        >
          {create.isPending ? t('creating') : t('createInvite')}
        </button>
        {create.isError && (
          <span className="field-error" role="alert">
            {adminErrorText(create.error)}
          </span>
        )}
      </div>
    </div>
  );
}

const stateBadge = (i: Invite, t: TFunction<'admin'>) =>
  i.state === 'active' ? (
    <Badge tone="ok">{t('inviteActive')}</Badge>
  ) : i.state === 'used' ? (
    <Badge>{t('inviteUsed')}</Badge>
  ) : (
    <Badge tone="warn">{t('inviteExpired')}</Badge>
  );

function InviteRow({ invite, onRevoke }: { invite: Invite; onRevoke: () => void }) {
  const { t } = useTranslation('admin');
  const by = invite.createdBy?.username ? ` ${t('byUser', { username: invite.createdBy.username })}` : '';
  return (
    <li className="row" data-testid="invite-row" data-state={invite.state}>
      <div className="row-main">
        <div className="row-title">
          <span>{invite.role === 'admin' ? t('adminInvite') : t('memberInvite')}</span>
          {stateBadge(invite, t)}
          {invite.supervised && <Badge tone="warn">{t('supervisedBadge')}</Badge>}
        </div>
        <div className="row-sub">
          {t('createdWhen', { when: formatRelative(invite.createdAt) })}
          {by} ·{' '}
          {invite.state === 'used'
            ? `${t('usedWhen', { when: formatRelative(invite.usedAt) })}${invite.usedBy?.username ? ` ${t('byUser', { username: invite.usedBy.username })}` : ''}`
            : invite.state === 'expired'
              ? t('expiredWhen', { when: formatRelative(invite.expiresAt) })
              : t('expiresWhen', { when: formatRelative(invite.expiresAt) })}
        </div>
      </div>
      {invite.state === 'active' && (
        <div className="row-actions">
          <button type="button" className="btn btn-sm btn-danger-quiet" data-testid="invite-revoke" onClick={onRevoke}>
            {t('revoke')}
          </button>
        </div>
      )}
    </li>
  );
}

function InvitesCard() {
  const { t } = useTranslation('admin');
  const settings = useQuery({ queryKey: adminKeys.settings, queryFn: () => api.adminSettings() });
  const invites = useQuery({ queryKey: adminKeys.invites, queryFn: () => api.adminListInvites() });
  const [revoking, setRevoking] = useState<Invite | null>(null);
  const revoke = useMutation({
    mutationFn: (id: string) => api.adminRevokeInvite(id),
    onSuccess: () => {
      setRevoking(null);
      refreshInvites();
    },
    onError: () => setRevoking(null),
  });
  return (
    <Section title={t('invitesTitle')} description={t('invitesDescription')} testId="admin-invites">
      <NewInvite enabled={settings.data?.signupMode !== 'off'} />
      {revoke.isError && (
        <div className="notice notice-error section-note" role="alert">
          {adminErrorText(revoke.error)}
        </div>
      )}
      {invites.isPending ? (
        <ListSkeleton rows={2} />
      ) : invites.isError ? (
        <LoadError error={invites.error} what={t('whatInvites')} onRetry={() => void invites.refetch()} />
      ) : invites.data.items.length === 0 ? (
        <EmptyState testId="invites-empty">{t('noInvites')}</EmptyState>
      ) : (
        <ul className="rows rows-spaced" aria-label={t('invites')}>
          {invites.data.items.map((i) => (
            <InviteRow key={i.id} invite={i} onRevoke={() => setRevoking(i)} />
          ))}
        </ul>
      )}
      {!!revoking && (
        <ConfirmDialog
          open
          title={t('revokeInviteTitle')}
          body={t('revokeInviteBody')}
          confirmLabel={t('revoke')}
          danger
          busy={revoke.isPending}
          onConfirm={() => revoking && revoke.mutate(revoking.id)}
          onCancel={() => setRevoking(null)}
        />
      )}
    </Section>
  );
}

/** Props: none. */
export function SignupSection() {
  return (
    <>
      <ModeCard />
      <InvitesCard />
    </>
  );
}
