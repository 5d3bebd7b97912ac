/**
 * People chat's side column: New room, the rooms (most recent first, unread and mention
 * badges, muted ones marked) and everyone in the household with presence; a person's name
 * opens the direct room with them.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '#web/lib/errors';
import { PlusIcon } from '#web/lib/icons';
import { navigate, onLinkClick } from '#web/lib/router';
import { useUser } from '#web/features/auth/session';
import { UserMenu } from '#web/features/settings/UserMenu';
import { messagingApi } from './api';
import { CreateRoomDialog } from './CreateRoomDialog';
import { directPeer, presenceText, roomTitle, senderName } from './format';
import { usePeople, useRooms } from './hooks';
import { BellOffIcon } from './icons';
import { messagingKeys } from './keys';
import { roomPath } from './paths';
import { PresenceDot } from './PresenceDot';
import { queryClient } from '#web/lib/queryClient';
import type { Person, Room } from './types';
import { preview } from './notify';
import './messaging.css';

type Props = { activeRoomId: string | null; onNavigate: () => void };

/** Opens (making it the first time) the direct room with a person. */
export async function openDirect(userId: string): Promise<void> {
  const room = await messagingApi.direct(userId);
  queryClient.setQueryData<Room[]>(messagingKeys.rooms, (list) =>
    list && !list.some((r) => r.id === room.id) ? [room, ...list] : list,
  );
  navigate(roomPath(room.id));
}

function RoomRow({
  room,
  me,
  active,
  people,
  onOpen,
}: {
  room: Room;
  me: string;
  active: boolean;
  people: Person[];
  onOpen: () => void;
}) {
  const { t } = useTranslation('messaging');
  const href = roomPath(room.id);
  const peer = directPeer(room, me);
  const person = peer ? people.find((p) => p.id === peer.id) : undefined;
  const last = room.lastMessage;
  const who =
    last?.sender?.id === me
      ? t('words.you')
      : last?.kind === 'assistant'
        ? t('words.assistant')
        : senderName(last?.sender);
  const lastLine = last
    ? last.deletedAt
      ? t('sidebar.lastDeleted')
      : t('sidebar.lastLine', { who, text: preview(last) })
    : room.description || (room.kind === 'direct' ? t('sidebar.sayHello') : t('sidebar.noMessages'));
  return (
    <li className={`conv-item room-item${active ? ' is-active' : ''}${room.unread > 0 ? ' is-unread' : ''}`}>
      <a
        href={href}
        className="conv-link room-link"
        data-testid="room-item"
        data-room-id={room.id}
        aria-current={active ? 'page' : undefined}
        onClick={(e) => {
          onLinkClick(e, href);
          onOpen();
        }}
      >
        <span className="room-line">
          {person && <PresenceDot presence={person.presence} label={presenceText(person)} />}
          <span className="conv-title">{roomTitle(room, me)}</span>
          {room.muted && (
            <span className="room-muted" title={t('sidebar.muted')} aria-label={t('sidebar.muted')}>
              <BellOffIcon size={13} />
            </span>
          )}
          {room.mentions > 0 && (
            <span
              className="count-badge is-mention"
              data-testid="mention-badge"
              aria-label={t('sidebar.mentions', { count: room.mentions })}
            >
              @{room.mentions}
            </span>
          )}
          {room.unread > 0 && (
            <span
              className={`count-badge${room.muted ? ' is-quiet' : ''}`}
              data-testid="unread-badge"
              aria-label={t('sidebar.unread', { count: room.unread })}
            >
              {room.unread > 99 ? '99+' : room.unread}
            </span>
          )}
        </span>
        <span className="conv-snippet">{lastLine}</span>
      </a>
    </li>
  );
}

/** Props: the open room, and what to do after a choice (close the phone drawer). */
export function PeopleSidebar({ activeRoomId, onNavigate }: Props) {
  const { t } = useTranslation('messaging');
  const user = useUser();
  const rooms = useRooms();
  const people = usePeople();
  const [creating, setCreating] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const others = (people.data ?? []).filter((p) => p.id !== user.id);

  const openPerson = (p: Person) => {
    setError(null);
    openDirect(p.id).then(onNavigate, (err: unknown) =>
      setError(t('sidebar.openFailed', { name: p.displayName || p.username, error: errorText(err) })),
    );
  };

  return (
    <nav className="sidebar people-sidebar" aria-label={t('landing.region')}>
      <div className="sidebar-head">
        <button
          type="button"
          className="btn btn-primary new-chat"
          data-testid="new-room"
          onClick={() => setCreating(true)}
        >
          <PlusIcon size={16} /> {t('sidebar.newRoom')}
        </button>
      </div>
      <div className="sidebar-list">
        {error && (
          <div className="notice notice-error" role="alert">
            {error}
          </div>
        )}
        <h2 className="conv-section">{t('sidebar.rooms')}</h2>
        {rooms.isPending ? (
          <ul className="conv-list" aria-label={t('sidebar.loadingRooms')}>
            {[0, 1, 2].map((i) => (
              <li key={i} className="conv-skeleton">
                <span className="skeleton" style={{ width: `${55 + i * 12}%` }} />
              </li>
            ))}
          </ul>
        ) : rooms.isError ? (
          <div className="sidebar-empty" role="alert">
            <p>{t('sidebar.roomsFailed', { error: errorText(rooms.error) })}</p>
            <button type="button" className="btn" onClick={() => void rooms.refetch()}>
              {t('words.retry')}
            </button>
          </div>
        ) : rooms.data.length === 0 ? (
          <div className="sidebar-empty" data-testid="rooms-empty">
            <p>{t('sidebar.roomsEmpty')}</p>
          </div>
        ) : (
          <ul className="conv-list" data-testid="room-list">
            {rooms.data.map((r) => (
              <RoomRow
                key={r.id}
                room={r}
                me={user.id}
                active={r.id === activeRoomId}
                people={people.data ?? []}
                onOpen={onNavigate}
              />
            ))}
          </ul>
        )}
        <h2 className="conv-section">{t('sidebar.people')}</h2>
        {people.isError ? (
          <div className="sidebar-empty" role="alert">
            <p>{t('sidebar.peopleFailed', { error: errorText(people.error) })}</p>
          </div>
        ) : (
          <ul className="conv-list" data-testid="people-list">
            {others.map((p) => (
              <li key={p.id} className="conv-item person-item">
                <button
                  type="button"
                  className="conv-link person-link"
                  data-testid="person"
                  data-username={p.username}
                  onClick={() => openPerson(p)}
                >
                  <span className="room-line">
                    <PresenceDot presence={p.presence} label={presenceText(p)} />
                    <span className="conv-title">{p.displayName || p.username}</span>
                  </span>
                  <span className="conv-snippet" data-testid="person-presence">
                    {presenceText(p)}
                  </span>
                </button>
              </li>
            ))}
            {people.data && others.length === 0 && (
              <li className="sidebar-empty">
                <p>{t('sidebar.peopleEmpty')}</p>
              </li>
            )}
          </ul>
        )}
      </div>
      <UserMenu />
      <CreateRoomDialog open={creating} people={others} onClose={() => setCreating(false)} />
    </nav>
  );
}
