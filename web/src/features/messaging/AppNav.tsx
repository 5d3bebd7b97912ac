/** The switch at the top of the side column: AI chat or People (with the unread total). */
import { useTranslation } from 'react-i18next';
import { ApiError } from '#common/api-client';
import { onLinkClick } from '#web/lib/router';
import { unreadTotal } from './background';
import { useRooms } from './hooks';
import { PEOPLE_PATH } from './paths';

/** Props: which side is open; `onNavigate` closes the phone drawer. */
export function AppNav({ view, onNavigate }: { view: 'chat' | 'people'; onNavigate: () => void }) {
  const { t } = useTranslation('messaging');
  const rooms = useRooms();
  // People chat turned off for this member (403): no way in to show.
  if (rooms.error instanceof ApiError && rooms.error.status === 403 && view === 'chat') return null;
  const total = unreadTotal(rooms.data);
  const mentions = (rooms.data ?? []).reduce((n, r) => n + r.mentions, 0);
  const go = (e: React.MouseEvent<HTMLAnchorElement>, to: string) => {
    onLinkClick(e, to);
    onNavigate();
  };
  return (
    <nav className="app-nav" aria-label={t('nav.label')}>
      <a
        href="/"
        className="app-nav-tab"
        data-testid="nav-ai-chat"
        aria-current={view === 'chat' ? 'page' : undefined}
        onClick={(e) => go(e, '/')}
      >
        {t('nav.aiChat')}
      </a>
      <a
        href={PEOPLE_PATH}
        className="app-nav-tab"
        data-testid="nav-people"
        aria-current={view === 'people' ? 'page' : undefined}
        onClick={(e) => go(e, PEOPLE_PATH)}
      >
        {t('nav.people')}
        {total > 0 && (
          <span
            className={`count-badge${mentions > 0 ? ' is-mention' : ''}`}
            data-testid="nav-unread"
            aria-label={t('nav.unread', { count: total })}
          >
            {total > 99 ? '99+' : total}
          </span>
        )}
      </a>
    </nav>
  );
}
