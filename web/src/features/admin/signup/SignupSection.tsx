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

const expiries = [
  { hours: 24, label: '1 day' },
  { hours: 72, label: '3 days' },
  { hours: 168, label: '1 week' },
  { hours: 720, label: '30 days' },
];

/** The link to hand out: this page's origin, which is how the household reaches Hearth. */
export const inviteLink = (token: string) => `${location.origin}/signup?token=${encodeURIComponent(token)}`;

const refreshInvites = () => {
  void queryClient.invalidateQueries({ queryKey: adminKeys.invites });
  void queryClient.invalidateQueries({ queryKey: ['admin', 'audit'] });
};

function ModeCard() {
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
    <Section
      title="Sign-up"
      description="Whether people can make their own account. Either way, admins can add users."
      testId="admin-signup"
    >
      {settings.isPending ? (
        <ListSkeleton rows={1} />
      ) : settings.isError ? (
        <LoadError error={settings.error} what="the sign-up setting" onRetry={() => void settings.refetch()} />
      ) : (
        <div className="segmented" role="radiogroup" aria-label="Sign-up">
          {(
            [
              ['off', 'Off', 'Only admins add users'],
              ['invite', 'With an invite link', 'One-time links you create below'],
            ] as const
          ).map(([value, label, hint]) => (
            <label key={value} className="segment" data-testid={`signup-mode-${value}`}>
              <input
                type="radio"
                name="signup-mode"
                value={value}
                checked={mode === value}
                disabled={update.isPending}
                onChange={() => update.mutate(value)}
              />
              <span className="segment-label">{label}</span>
              <span className="segment-hint">{hint}</span>
            </label>
          ))}
        </div>
      )}
      {update.isError && (
        <p className="field-error" role="alert">
          Couldn’t change it: {adminErrorText(update.error)}
        </p>
      )}
    </Section>
  );
}

function NewInvite({ enabled }: { enabled: boolean }) {
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
        <strong>Copy this link now: it’s shown only once.</strong>
        <div className="secret">
          <code data-testid="invite-link">{link}</code>
          <CopyButton text={link} testId="invite-copy" />
        </div>
        <p className="hint">
          It works once, until {formatDateTime(created.expiresAt)}. Send it privately: whoever opens it first gets the
          account.
        </p>
        <button type="button" className="btn" data-testid="invite-done" onClick={() => setCreated(null)}>
          Done
        </button>
      </div>
    );
  }
  return (
    <div className="invite-form">
      {!enabled && (
        <p className="notice notice-warn">
          Sign-up is off, so invite links won’t work until you choose “With an invite link” above.
        </p>
      )}
      <div className="form-row">
        <div className="field">
          <label htmlFor="invite-role">Account</label>
          <select
            id="invite-role"
            className="input select"
            data-testid="invite-role"
            value={role}
            onChange={(e) => setRole(e.target.value === 'admin' ? 'admin' : 'member')}
          >
            <option value="member">Member</option>
            <option value="admin">Admin</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="invite-expiry">Link works for</label>
          <select
            id="invite-expiry"
            className="input select"
            data-testid="invite-expiry"
            value={hours}
            onChange={(e) => setHours(Number(e.target.value))}
          >
            {expiries.map((x) => (
              <option key={x.hours} value={x.hours}>
                {x.label}
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
          <span>Supervised</span>
          <span className="check-hint">For a child’s account, under parental controls.</span>
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
          {create.isPending ? 'Creating…' : 'Create invite link'}
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

const stateBadge = (i: Invite) =>
  i.state === 'active' ? (
    <Badge tone="ok">active</Badge>
  ) : i.state === 'used' ? (
    <Badge>used</Badge>
  ) : (
    <Badge tone="warn">expired</Badge>
  );

function InviteRow({ invite, onRevoke }: { invite: Invite; onRevoke: () => void }) {
  const by = invite.createdBy?.username ? ` by @${invite.createdBy.username}` : '';
  return (
    <li className="row" data-testid="invite-row" data-state={invite.state}>
      <div className="row-main">
        <div className="row-title">
          <span>{invite.role === 'admin' ? 'Admin invite' : 'Member invite'}</span>
          {stateBadge(invite)}
          {invite.supervised && <Badge tone="warn">supervised</Badge>}
        </div>
        <div className="row-sub">
          Created {formatRelative(invite.createdAt)}
          {by} ·{' '}
          {invite.state === 'used'
            ? `used ${formatRelative(invite.usedAt)}${invite.usedBy?.username ? ` by @${invite.usedBy.username}` : ''}`
            : invite.state === 'expired'
              ? `expired ${formatRelative(invite.expiresAt)}`
              : `expires ${formatRelative(invite.expiresAt)}`}
        </div>
      </div>
      {invite.state === 'active' && (
        <div className="row-actions">
          <button type="button" className="btn btn-sm btn-danger-quiet" data-testid="invite-revoke" onClick={onRevoke}>
            Revoke
          </button>
        </div>
      )}
    </li>
  );
}

function InvitesCard() {
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
    <Section
      title="Invite links"
      description="Each link makes one account, then stops working. Unused links expire."
      testId="admin-invites"
    >
      <NewInvite enabled={settings.data?.signupMode !== 'off'} />
      {revoke.isError && (
        <div className="notice notice-error section-note" role="alert">
          {adminErrorText(revoke.error)}
        </div>
      )}
      {invites.isPending ? (
        <ListSkeleton rows={2} />
      ) : invites.isError ? (
        <LoadError error={invites.error} what="the invites" onRetry={() => void invites.refetch()} />
      ) : invites.data.items.length === 0 ? (
        <EmptyState testId="invites-empty">No invites yet.</EmptyState>
      ) : (
        <ul className="rows rows-spaced" aria-label="Invites">
          {invites.data.items.map((i) => (
            <InviteRow key={i.id} invite={i} onRevoke={() => setRevoking(i)} />
          ))}
        </ul>
      )}
      {!!revoking && (
        <ConfirmDialog
          open
          title="Revoke this invite?"
          body="The link stops working at once. Anyone who already signed up with it keeps their account."
          confirmLabel="Revoke"
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
