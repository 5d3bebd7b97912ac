/**
 * The left panel: New chat, the search box (Ctrl/Cmd+K from anywhere), the conversation list
 * with paging — or the archived view, or search results — and the user menu.
 */
import type { Conversation } from '#common/conversations';
import { useEffect, useMemo, useRef, useState } from 'react';
import { errorText } from '#web/lib/errors';
import { ArchiveIcon, ArrowLeftIcon, FlameIcon, PlusIcon, SearchIcon } from '#web/lib/icons';
import { conversationPath, navigate } from '#web/lib/router';
import { useDebounced } from '#web/lib/useDebounced';
import { useUser } from '#web/features/auth/session';
import { useResumeLastConversation } from '#web/features/chat/lastConversation';
import { UserMenu } from '#web/features/settings/UserMenu';
import { RoomSearchHits } from '#web/features/messaging/RoomSearchHits';
import { ConversationItem } from './ConversationItem';
import { ImportChats } from './ImportChats';
import { listItems, searchItems, useConversationList } from './conversations';
import './sidebar.css';
import { useTranslation } from 'react-i18next';
import { PRODUCT_NAME } from '#web/lib/brand';

/** The search shortcut's keys as the keyboard shows them (not words). */
const SEARCH_KEYS = { mac: '⌘K', other: 'Ctrl K' } as const;

type Props = {
  /** The open conversation's id. */
  activeId: string | null;
  /** Closes the phone drawer after a choice. */
  onNavigate: () => void;
};

/** Ctrl+K (Cmd+K on a Mac) focuses the search box, wherever the focus is. */
function useSearchShortcut(input: React.RefObject<HTMLInputElement | null>) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key.toLowerCase() !== 'k' || !(e.ctrlKey || e.metaKey) || e.altKey || e.shiftKey) return;
      e.preventDefault();
      input.current?.focus();
      input.current?.select();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [input]);
}

/** Props: see Props. */
export function Sidebar({ activeId, onNavigate }: Props) {
  const { t } = useTranslation('conversations');
  const user = useUser();
  useResumeLastConversation(user, activeId);
  const [search, setSearch] = useState('');
  const [archivedView, setArchivedView] = useState(false);
  const searchRef = useRef<HTMLInputElement>(null);
  useSearchShortcut(searchRef);
  const q = useDebounced(search.trim(), 250);
  const searching = q !== '';
  const list = useConversationList(q, searching ? false : archivedView);
  const items = useMemo(
    () => (searching ? searchItems(list.data) : listItems(list.data, archivedView)),
    [searching, list.data, archivedView],
  );
  const pinned = searching || archivedView ? [] : items.filter((c) => c.pinned);
  const rest = searching || archivedView ? items : items.filter((c) => !c.pinned);
  const row = (c: Conversation) => (
    <ConversationItem
      key={c.id}
      conversation={c}
      active={c.id === activeId}
      onOpen={onNavigate}
      searchHit={searching}
    />
  );

  const openFirstHit = () => {
    const first = items[0];
    if (!searching || !first) return;
    navigate(conversationPath(first.id, first.matchMessageId));
    onNavigate();
  };

  let empty: React.ReactNode;
  if (searching) empty = <p>{t('noMatch', { q })}</p>;
  else if (archivedView) empty = <p>{t('noArchived')}</p>;
  else empty = <p>{t('noChats')}</p>;

  return (
    <nav className="sidebar" aria-label={t('common:chats')}>
      <div className="sidebar-head">
        <div className="brand">
          <span className="brand-logo">
            <FlameIcon size={16} />
          </span>
          {PRODUCT_NAME}
        </div>
        <button
          type="button"
          className="btn btn-primary new-chat"
          data-testid="new-chat"
          onClick={() => {
            navigate('/');
            onNavigate();
            // On a phone, focusing would pop the keyboard over the suggestions: only with a mouse.
            if (window.matchMedia('(pointer: fine)').matches) {
              requestAnimationFrame(() =>
                document.querySelector<HTMLElement>('[data-testid="composer-input"]')?.focus(),
              );
            }
          }}
        >
          <PlusIcon size={16} /> {t('chat:newChat')}
        </button>
        <div className="search" role="search">
          <SearchIcon size={15} />
          <input
            ref={searchRef}
            type="search"
            className="search-input"
            placeholder={t('searchChats')}
            aria-label={t('searchChats')}
            aria-keyshortcuts="Control+K Meta+K"
            data-testid="conversation-search"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Escape' && search) {
                e.preventDefault();
                setSearch('');
              } else if (e.key === 'Enter') {
                e.preventDefault();
                openFirstHit();
              }
            }}
          />
          <kbd className="search-kbd" aria-hidden="true">
            {/Mac|iPhone|iPad/.test(navigator.platform) ? SEARCH_KEYS.mac : SEARCH_KEYS.other}
          </kbd>
        </div>
      </div>

      <div className="sidebar-list" aria-busy={list.isFetching && list.isPlaceholderData}>
        {archivedView && !searching && (
          <div className="conv-view-head">
            <button
              type="button"
              className="icon-btn"
              aria-label={t('backToAll')}
              data-testid="archived-back"
              onClick={() => setArchivedView(false)}
            >
              <ArrowLeftIcon size={16} />
            </button>
            <h2 className="conv-section">{t('archived')}</h2>
          </div>
        )}
        {list.isPending ? (
          <ul className="conv-list" aria-label={t('loadingChats')}>
            {Array.from({ length: 6 }, (_, i) => (
              <li key={i} className="conv-skeleton">
                <span className="skeleton" style={{ width: `${55 + ((i * 17) % 35)}%` }} />
              </li>
            ))}
          </ul>
        ) : list.isError ? (
          <div className="sidebar-empty" role="alert">
            <p>{t('couldNotLoadChats', { error: errorText(list.error) })}</p>
            <button type="button" className="btn" onClick={() => void list.refetch()}>
              {t('common:retry')}
            </button>
          </div>
        ) : items.length === 0 ? (
          <div className="sidebar-empty" data-testid="conversation-list-empty">
            {empty}
          </div>
        ) : (
          <>
            {searching && <h2 className="conv-section">{t('results')}</h2>}
            {pinned.length > 0 && (
              <>
                <h2 className="conv-section">{t('pinned')}</h2>
                <ul className="conv-list">{pinned.map(row)}</ul>
                {rest.length > 0 && <h2 className="conv-section">{t('recent')}</h2>}
              </>
            )}
            <ul className="conv-list" data-testid={searching ? 'search-results' : undefined}>
              {rest.map(row)}
            </ul>
            {list.hasNextPage && (
              <button
                type="button"
                className="btn btn-ghost btn-block load-more"
                disabled={list.isFetchingNextPage}
                onClick={() => void list.fetchNextPage()}
              >
                {list.isFetchingNextPage ? t('loadingMore') : t('loadMore')}
              </button>
            )}
          </>
        )}
        {searching && <RoomSearchHits q={q} onOpen={onNavigate} />}
        {!searching && !archivedView && !list.isPending && (
          <button
            type="button"
            className="btn btn-ghost btn-block archived-link"
            data-testid="show-archived"
            onClick={() => setArchivedView(true)}
          >
            <ArchiveIcon size={15} /> {t('archivedChats')}
          </button>
        )}
        {!searching && !archivedView && !list.isPending && <ImportChats onOpen={onNavigate} />}
      </div>

      <UserMenu />
    </nav>
  );
}
