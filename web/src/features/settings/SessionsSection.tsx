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
import { useTranslation } from 'react-i18next';

function SessionRow({ s, busy, onEnd }: { s: SessionInfo; busy: boolean; onEnd: () => void }) {
  const { t } = useTranslation('settings');
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
              {t('thisDevice')}
            </Badge>
          )}
        </div>
        <div className="row-sub">
          {s.ip ?? t('unknownAddress')} ·{' '}
          {s.current ? t('activeNow') : t('lastSeen', { when: formatRelative(s.lastSeenAt) })} ·{' '}
          {t('signedInAt', { when: formatDateTime(s.createdAt) })}
        </div>
      </div>
      <div className="row-actions">
        <button type="button" className="btn btn-sm" data-testid="session-end" disabled={busy} onClick={onEnd}>
          {s.current ? t('signOut') : t('signOutDevice')}
        </button>
      </div>
    </li>
  );
}

/** Props: none. */
export function SessionsSection() {
  const { t } = useTranslation('settings');
  const sessions = useQuery({ queryKey: settingsKeys.sessions, queryFn: () => api.listSessions(), staleTime: 0 });
  const [confirmAll, setConfirmAll] = useState(false);
  const [note, setNote] = useState<string | null>(null);
  const refresh = () => void queryClient.invalidateQueries({ queryKey: settingsKeys.sessions });
  const end = useMutation({
    mutationFn: (s: SessionInfo) => api.endSession(s.id),
    onSuccess: (_v, s) => {
      if (s.current) void signOut();
      else {
        setNote(t('deviceSignedOut'));
        refresh();
      }
    },
  });
  const endOthers = useMutation({
    mutationFn: () => api.endOtherSessions(),
    onSuccess: ({ revoked }) => {
      setConfirmAll(false);
      setNote(revoked === 0 ? t('notSignedInElsewhere') : t('signedOutOthers', { count: revoked }));
      refresh();
    },
    onError: () => setConfirmAll(false),
  });
  const others = sessions.data?.items.filter((s) => !s.current).length ?? 0;
  const error = end.error ?? endOthers.error;

  return (
    <Section
      title={t('sessionsTitle')}
      description={t('sessionsDescription')}
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
          {t('signOutEverywhere')}
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
        <LoadError error={sessions.error} what={t('whatSessions')} onRetry={() => void sessions.refetch()} />
      ) : sessions.data.items.length === 0 ? (
        <EmptyState>{t('noSessions')}</EmptyState>
      ) : (
        <ul className="rows rows-spaced" aria-label={t('sessions')}>
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
          title={t('signOutEverywhereTitle')}
          body={t('signOutEverywhereBody', { count: others })}
          confirmLabel={t('signThemOut')}
          busy={endOthers.isPending}
          onConfirm={() => endOthers.mutate()}
          onCancel={() => setConfirmAll(false)}
        />
      )}
    </Section>
  );
}
