/**
 * People-chat messages among the search box's results: each hit says which room it is in and
 * opens that room at the message. Only rooms the member belongs to are searched (server side).
 */
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { onLinkClick } from '#web/lib/router';
import { Highlighted } from '#web/features/conversations/Highlighted';
import { messagingApi } from './api';
import { senderName } from './format';
import { roomPath } from './paths';

/** Props: the (debounced) query, and what to do after a pick (close the drawer). */
export function RoomSearchHits({ q, onOpen }: { q: string; onOpen: () => void }) {
  const { t } = useTranslation('messaging');
  const hits = useQuery({
    queryKey: ['messaging', 'search', q],
    queryFn: ({ signal }) => messagingApi.search(q, signal),
    enabled: q.length > 0,
    staleTime: 10_000,
    retry: false,
  });
  const items = hits.data?.roomMessages ?? [];
  if (items.length === 0) return null;
  return (
    <>
      <h2 className="conv-section">{t('search.heading')}</h2>
      <ul className="conv-list" data-testid="room-search-results">
        {items.map((h) => {
          const href = roomPath(h.roomId, h.messageId);
          return (
            <li key={h.messageId} className="conv-item">
              <a
                href={href}
                className="conv-link"
                data-testid="room-search-hit"
                onClick={(e) => {
                  onLinkClick(e, href);
                  onOpen();
                }}
              >
                <span className="conv-title">
                  {senderName(h.sender)} <span className="hint">{t('search.inRoom', { room: h.roomName })}</span>
                </span>
                <Highlighted className="conv-snippet" text={h.snippet} ranges={h.snippetHighlights} />
              </a>
            </li>
          );
        })}
      </ul>
    </>
  );
}
