/**
 * The Family page (`/family`): one card per supervised member the signed-in person looks after
 * (admins: every supervised member). `?child=<id>&c=<conversation>` opens a transcript, so a
 * flag's link and a browser notification can point straight at it.
 */
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { ChevronLeftIcon } from '#web/lib/ui/icons';
import { navigate, onLinkClick } from '#web/lib/router';
import { EmptyState, ListSkeleton, LoadError } from '#web/lib/ui/Section';
import '#web/lib/ui/page.css';
import { AlertsCard } from './AlertsCard';
import { ChildCard } from './ChildCard';
import { refreshFamily, useFamily } from './family';
import { useUser } from '#web/features/auth/session';
import { keys } from '#web/lib/keys';
import { queryClient } from '#web/lib/queryClient';
import { connectRealtime } from '#web/lib/realtime/connect';
import { useRealtimeDispatcher } from '#web/lib/realtime/context';
import { familyPath } from './paths';
import './family.css';

type Props = { childId: string | null; conversationId: string | null };

/** Props: the member and conversation from the address (both may be null). */
export function FamilyPage({ childId, conversationId }: Props) {
  const { t } = useTranslation('family');
  const family = useFamily();
  const user = useUser();
  // Opening the page shows the latest (guardians may have changed in the admin console).
  useEffect(() => refreshFamily(), []);
  // The page is outside the chat shell, which holds the socket: flags and changes must still
  // arrive here (the shell does the same when it is on screen; the two never are at once).
  const dispatcher = useRealtimeDispatcher();
  useEffect(
    () =>
      connectRealtime(dispatcher, {
        onSignedOut: (wake) =>
          void queryClient.invalidateQueries({ queryKey: keys.me }).finally(() => {
            if (queryClient.getQueryData(keys.me)) wake();
          }),
      }),
    [dispatcher],
  );
  useEffect(() => {
    document.title = `${t('page.title')} · Hearth`;
  }, [t]);
  // Opened from a link (a notification, a flag): the member's card once, not on every change.
  const scrolled = useRef(false);
  useEffect(() => {
    if (!childId || !family.isSuccess || scrolled.current) return;
    scrolled.current = true;
    document.getElementById(`family-child-${childId}`)?.scrollIntoView({ block: 'start' });
  }, [childId, family.isSuccess]);

  return (
    <div className="page" data-testid="family-page">
      <header className="page-head">
        <a
          href="/"
          className="btn btn-ghost page-back"
          data-testid="back-to-chats"
          onClick={(e) => onLinkClick(e, '/')}
        >
          <ChevronLeftIcon size={18} /> <span>{t('page.back')}</span>
        </a>
        <h1 className="page-title">{t('page.title')}</h1>
      </header>
      <main className="page-main family-main">
        <p className="family-intro">{t('page.intro')}</p>
        <AlertsCard />
        {user.supervised && <EmptyState testId="family-not-for-you">{t('page.notForYou')}</EmptyState>}
        {!user.supervised && family.isPending && <ListSkeleton />}
        {family.isError && (
          <LoadError error={family.error} onRetry={() => void family.refetch()} what={t('page.what')} />
        )}
        {family.data?.items.length === 0 && <EmptyState testId="family-empty">{t('page.empty')}</EmptyState>}
        {family.data?.items.map((entry) => (
          <ChildCard
            key={entry.user.id}
            entry={entry}
            openConversation={childId === entry.user.id ? conversationId : null}
            onOpenConversation={(id) => navigate(familyPath(entry.user.id, id), { replace: true })}
          />
        ))}
      </main>
    </div>
  );
}
