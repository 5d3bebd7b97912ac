/** The caller's signed-in sessions: device, address, last seen; end one, or all but this one. */
import { useState } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import type { SessionInfo } from '#common/auth';
import { api } from '#web/lib/api';
import { ConfirmDialog } from '#web/lib/ConfirmDialog';
import { errorText } from '#web/lib/errors';
import { queryClient } from '#web/lib/queryClient';
import { signOut } from '#web/features/auth/session';
import { DevicesIcon } from '#web/lib/ui/icons';
import { describeUserAgent, formatDateTime, formatRelative } from '#web/lib/ui/format';
import { Badge, EmptyState, ListSkeleton, LoadError, SavedNote, Section } from '#web/lib/ui/Section';
import { settingsKeys } from './settings';

function SessionRow({ s, busy, onEnd }: { s: SessionInfo; busy: boolean; onEnd: () => void }) {
  return (
    <li className="row" data-testid="session-row" data-current={s.current ? 'true' : undefined}>
      <span className="row-icon" aria-hidden="true">
        <DevicesIcon size={18} />
      </span>
      <div className="row-main">
        <div className="row-title">
          <span title={s.userAgent ?? undefined}>{describeUserAgent(s.userAgent)}</span>
          {s.current && (
            <Badge tone="accent" testId="session-current">
              this device
            </Badge>
          )}
        </div>
        <div className="row-sub">
          {s.ip ?? 'unknown address'} · {s.current ? 'active now' : `last seen ${formatRelative(s.lastSeenAt)}`} ·
          signed in {formatDateTime(s.createdAt)}
        </div>
      </div>
      <div className="row-actions">
        <button type="button" className="btn btn-sm" data-testid="session-end" disabled={busy} onClick={onEnd}>
          {s.current ? 'Sign out' : 'Sign out device'}
        </button>
      </div>
    </li>
  );
}

/** Props: none. */
export function SessionsSection() {
  const sessions = useQuery({ queryKey: settingsKeys.sessions, queryFn: () => api.listSessions(), staleTime: 0 });
  const [confirmAll, setConfirmAll] = useState(false);
  const [note, setNote] = useState<string | null>(null);
  const refresh = () => void queryClient.invalidateQueries({ queryKey: settingsKeys.sessions });
  const end = useMutation({
    mutationFn: (s: SessionInfo) => api.endSession(s.id),
    onSuccess: (_v, s) => {
      if (s.current) void signOut();
      else {
        setNote('That device was signed out.');
        refresh();
      }
    },
  });
  const endOthers = useMutation({
    mutationFn: () => api.endOtherSessions(),
    onSuccess: ({ revoked }) => {
      setConfirmAll(false);
      setNote(
        revoked === 0
          ? 'You weren’t signed in anywhere else.'
          : `Signed out ${revoked === 1 ? '1 other session' : `${revoked} other sessions`}.`,
      );
      refresh();
    },
    onError: () => setConfirmAll(false),
  });
  const others = sessions.data?.items.filter((s) => !s.current).length ?? 0;
  const error = end.error ?? endOthers.error;

  return (
    <Section
      title="Where you’re signed in"
      description="Browsers signed in to your account. Sign out any you don’t recognise, then change your password."
      testId="settings-sessions"
      actions={
        <button
          type="button"
          className="btn"
          data-testid="sessions-revoke-others"
          disabled={others === 0 || endOthers.isPending}
          onClick={() => {
            setNote(null);
            setConfirmAll(true);
          }}
        >
          Sign out everywhere else
        </button>
      }
    >
      {note && <SavedNote testId="sessions-note">{note}</SavedNote>}
      {error && (
        <div className="notice notice-error section-note" role="alert">
          {errorText(error)}
        </div>
      )}
      {sessions.isPending ? (
        <ListSkeleton rows={2} />
      ) : sessions.isError ? (
        <LoadError error={sessions.error} what="your sessions" onRetry={() => void sessions.refetch()} />
      ) : sessions.data.items.length === 0 ? (
        <EmptyState>No browser sessions. (API tokens are listed under API tokens.)</EmptyState>
      ) : (
        <ul className="rows rows-spaced" aria-label="Sessions">
          {sessions.data.items.map((s) => (
            <SessionRow
              key={s.id}
              s={s}
              busy={end.isPending}
              onEnd={() => {
                setNote(null);
                end.mutate(s);
              }}
            />
          ))}
        </ul>
      )}
      {confirmAll && (
        <ConfirmDialog
          open
          title="Sign out everywhere else?"
          body={`Your ${others === 1 ? 'other session ends' : `${others} other sessions end`} at once; you stay signed in here. API tokens keep working.`}
          confirmLabel="Sign them out"
          busy={endOthers.isPending}
          onConfirm={() => endOthers.mutate()}
          onCancel={() => setConfirmAll(false)}
        />
      )}
    </Section>
  );
}
