/**
 * The right panel of people chat: the room's header (name, who is in it or the other person's
 * presence, mute, settings), its messages, who is typing, and the composer. Without a room: a
 * short welcome pointing at the list.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ConfirmDialog } from '#web/lib/ConfirmDialog';
import { api } from '#web/lib/api';
import { errorText, isNotFound } from '#web/lib/errors';
import { MenuIcon } from '#web/lib/icons';
import { navigate } from '#web/lib/router';
import { queryClient } from '#web/lib/queryClient';
import { useUser } from '#web/features/auth/session';
import { messagingApi } from './api';
import { newClientId } from './clientId';
import { directPeer, presenceText, roomTitle, senderName } from './format';
import { useMessaging, usePending, usePeople, useRooms, useRoomState, useTypingIn } from './hooks';
import { BellIcon, BellOffIcon, SettingsIcon } from './icons';
import { messagingKeys } from './keys';
import { firstUnreadId } from './merge';
import type { MentionOption } from './mentions';
import { PresenceDot } from './PresenceDot';
import { RoomComposer, type RoomComposerHandle } from './RoomComposer';
import { RoomMessageList, type RoomListHandle } from './RoomMessageList';
import type { MessageActions } from './RoomMessageItem';
import { RoomSettingsDialog } from './RoomSettingsDialog';
import { typingText } from './typing';
import type { Room, RoomMessage } from './types';
import './messaging.css';

type Props = { roomId: string | null; focusMessageId: string | null; onOpenDrawer: () => void };

/** Names the assistant answers to in a room (besides the tasks' ids). */
const ASSISTANT_NAMES = ['assistant'];

/** The notices of a failed action, each with the error's words. */
type FailKey = 'room.reactionFailed' | 'room.stopFailed' | 'room.muteFailed' | 'room.deleteFailed';

function Landing({ onOpenDrawer }: { onOpenDrawer: () => void }) {
  const { t } = useTranslation('messaging');
  const gone = new URLSearchParams(location.search).get('gone') === '1';
  const docTitle = t('landing.docTitle');
  useEffect(() => {
    document.title = docTitle;
  }, [docTitle]);
  return (
    <section className="chat" aria-label={t('landing.region')}>
      <header className="chat-head">
        <button
          type="button"
          className="icon-btn drawer-toggle"
          data-testid="drawer-toggle"
          aria-label={t('landing.openList')}
          onClick={onOpenDrawer}
        >
          <MenuIcon size={20} />
        </button>
        <h1 className="chat-title">{t('landing.title')}</h1>
      </header>
      <div className="panel-state" data-testid="people-landing">
        {gone && (
          <p className="notice notice-warn" role="status">
            {t('landing.gone')}
          </p>
        )}
        <h2>{t('landing.heading')}</h2>
        <p>{t('landing.intro')}</p>
      </div>
    </section>
  );
}

/** Props: see Props. */
export function RoomView({ roomId, focusMessageId, onOpenDrawer }: Props) {
  if (!roomId) return <Landing onOpenDrawer={onOpenDrawer} />;
  return <OpenRoom key={roomId} roomId={roomId} focusMessageId={focusMessageId} onOpenDrawer={onOpenDrawer} />;
}

function OpenRoom({
  roomId,
  focusMessageId,
  onOpenDrawer,
}: {
  roomId: string;
  focusMessageId: string | null;
  onOpenDrawer: () => void;
}) {
  const { t } = useTranslation('messaging');
  const user = useUser();
  const messaging = useMessaging();
  const rooms = useRooms();
  const people = usePeople();
  const tasks = useQuery({ queryKey: ['tasks'], queryFn: () => api.listTasks(), staleTime: 300_000 });
  const listed = rooms.data?.find((r) => r.id === roomId);
  // A room not in the list yet (a link, a notification before the list loaded): ask for it alone.
  const single = useQuery({
    queryKey: ['messaging', 'room', roomId],
    queryFn: () => messagingApi.room(roomId),
    enabled: !!rooms.data && !listed,
    retry: false,
  });
  const room: Room | undefined = listed ?? single.data;
  const state = useRoomState(roomId);
  const pending = usePending(roomId);
  const typingIds = useTypingIn(roomId);
  const list = useRef<RoomListHandle>(null);
  const composer = useRef<RoomComposerHandle>(null);
  const [replyTo, setReplyTo] = useState<RoomMessage | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [settings, setSettings] = useState(false);
  const [deleting, setDeleting] = useState<RoomMessage | null>(null);

  useEffect(() => {
    void messaging.store.open(roomId);
    messaging.setOpenRoom(roomId);
    return () => messaging.setOpenRoom(null);
  }, [messaging, roomId]);

  const title = room ? roomTitle(room, user.id) : t('room.fallbackTitle');
  const docTitle = t('room.docTitle', { title });
  useEffect(() => {
    document.title = docTitle;
  }, [docTitle]);

  // The "New messages" marker: worked out once, from the counts when the room opened.
  const [unreadFromId, setUnreadFromId] = useState<string | null>(null);
  const markerDone = useRef(false);
  useEffect(() => {
    if (markerDone.current || state.status !== 'ready' || !room) return;
    markerDone.current = true;
    setUnreadFromId(firstUnreadId(state.messages, user.id, room.unread, room.lastReadSeq));
  }, [state.status, state.messages, room, user.id]);

  // Mark read as messages come into view: the newest seen, sent at most a few times a second.
  const readSeq = useRef(0);
  const readTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const readTarget = useRef<RoomMessage | null>(null);
  const onSeen = useCallback(
    (m: RoomMessage) => {
      if (m.seq <= readSeq.current) return;
      readSeq.current = m.seq;
      readTarget.current = m;
      clearTimeout(readTimer.current);
      readTimer.current = setTimeout(() => {
        const target = readTarget.current;
        if (!target) return;
        messagingApi.read(roomId, target.id).then(
          () => {
            // The server's room.read has the exact counts; until it comes, what is left below.
            const after = messaging.store
              .get(roomId)
              .messages.filter((x) => x.seq > target.seq && x.sender?.id !== user.id);
            queryClient.setQueryData<Room[]>(messagingKeys.rooms, (all) =>
              all?.map((r) =>
                r.id === roomId
                  ? {
                      ...r,
                      unread: Math.min(r.unread, after.length),
                      mentions: Math.min(r.mentions, after.filter((x) => x.mentions.includes(user.id)).length),
                    }
                  : r,
              ),
            );
          },
          () => undefined, // the next message seen tries again
        );
      }, 300);
    },
    [messaging, roomId, user.id],
  );
  useEffect(() => () => clearTimeout(readTimer.current), []);

  const jump = useCallback(
    (messageId: string) => {
      setNotice(null);
      void messaging.store.seek(roomId, messageId).then((found) => {
        if (!found) {
          setNotice(t('room.messageGone'));
          return;
        }
        requestAnimationFrame(() => list.current?.reveal(messageId));
      });
    },
    [messaging, roomId, t],
  );

  // Open at a message (a search hit, `?m=`), once.
  const focused = useRef<string | null>(null);
  useEffect(() => {
    if (!focusMessageId || state.status !== 'ready' || focused.current === focusMessageId) return;
    focused.current = focusMessageId;
    jump(focusMessageId);
  }, [focusMessageId, state.status, jump]);

  const people_ = people.data;
  const nameOf = useCallback(
    (userId: string) => {
      const m = room?.members.find((x) => x.id === userId) ?? people_?.find((x) => x.id === userId);
      return m ? m.displayName || m.username : t('words.formerMember');
    },
    [room, people_, t],
  );
  const taskIds = useMemo(() => (tasks.data?.items ?? []).map((t) => t.id), [tasks.data]);
  const names = useMemo(
    () =>
      new Set([
        ...(room?.members ?? []).map((m) => m.username.toLowerCase()),
        ...ASSISTANT_NAMES,
        ...taskIds.map((t) => t.toLowerCase()),
      ]),
    [room, taskIds],
  );
  const mentionOptions: MentionOption[] = useMemo(
    () => [
      ...(room?.members ?? [])
        .filter((m) => m.id !== user.id)
        .map((m) => ({ name: m.username, label: m.displayName || m.username, hint: '' })),
      { name: 'assistant', label: t('words.assistant'), hint: t('room.assistantHint') },
      ...(tasks.data?.items ?? []).map((t) => ({ name: t.id, label: t.name, hint: t.description.slice(0, 60) })),
    ],
    [room, tasks.data, user.id, t],
  );

  const fail = useCallback((key: FailKey) => (err: unknown) => setNotice(t(key, { error: errorText(err) })), [t]);
  const actions: MessageActions = useMemo(
    () => ({
      me: user.id,
      myUsername: user.username,
      names,
      nameOf,
      quoteName: (id, sender) =>
        sender
          ? senderName(sender)
          : messaging.store.get(roomId).messages.find((x) => x.id === id)?.kind === 'assistant'
            ? t('words.assistant')
            : t('words.formerMember'),
      askedByName: nameOf,
      reply: (m) => {
        setReplyTo(m);
        composer.current?.focus();
      },
      jump,
      edit: async (m, text) => {
        const updated = await messagingApi.edit(roomId, m.id, text);
        messaging.store.apply(roomId, updated);
      },
      remove: (m) => setDeleting(m),
      react: (m, emoji, on) => {
        messagingApi
          .react(roomId, m.id, emoji, on)
          .then(() => messaging.store.catchUp(roomId))
          .catch(fail('room.reactionFailed'));
      },
      stop: (m) => {
        messagingApi
          .stop(m.id)
          .then(({ message }) => messaging.store.apply(roomId, message))
          .catch(fail('room.stopFailed'));
      },
    }),
    [user.id, user.username, names, nameOf, jump, roomId, messaging, fail, t],
  );

  const send = (text: string, attachments: { id: string }[]) => {
    setNotice(null);
    messaging.send(roomId, {
      text,
      clientId: newClientId(),
      ...(replyTo ? { replyToId: replyTo.id } : {}),
      ...(attachments.length ? { attachmentIds: attachments.map((a) => a.id) } : {}),
    });
    setReplyTo(null);
    requestAnimationFrame(() => list.current?.scrollToBottom());
  };

  const toggleMute = () => {
    if (!room) return;
    messagingApi.updateRoom(roomId, { muted: !room.muted }).then((updated) => {
      queryClient.setQueryData<Room[]>(messagingKeys.rooms, (all) =>
        all?.map((r) => (r.id === roomId ? { ...r, ...updated } : r)),
      );
    }, fail('room.muteFailed'));
  };

  if (
    (single.isError && isNotFound(single.error)) ||
    (state.status === 'error' && (state.missing || /isn’t here|not found/i.test(state.error ?? '')))
  ) {
    return (
      <section className="chat">
        <div className="panel-state" data-testid="room-missing">
          <h2>{t('room.missingTitle')}</h2>
          <p>{t('room.missingBody')}</p>
          <button type="button" className="btn btn-primary" onClick={() => navigate('/people', { replace: true })}>
            {t('room.back')}
          </button>
        </div>
      </section>
    );
  }

  const peer = room ? directPeer(room, user.id) : null;
  const peerPerson = peer ? people.data?.find((p) => p.id === peer.id) : undefined;
  const typingNames = typingIds.map(nameOf);
  return (
    <section className="chat room-view" aria-label={title} data-testid="room-view" data-room-id={roomId}>
      <header className="chat-head">
        <button
          type="button"
          className="icon-btn drawer-toggle"
          data-testid="drawer-toggle"
          aria-label={t('landing.openList')}
          onClick={onOpenDrawer}
        >
          <MenuIcon size={20} />
        </button>
        <div className="room-head-titles">
          <h1 className="chat-title" data-testid="room-title">
            {title}
          </h1>
          <p className="room-head-sub hint">
            {peerPerson ? (
              <>
                <PresenceDot presence={peerPerson.presence} /> {presenceText(peerPerson)}
              </>
            ) : room && room.kind === 'room' ? (
              room.description ? (
                t('room.withDescription', {
                  members: t('room.members', { count: room.members.length }),
                  description: room.description,
                })
              ) : (
                t('room.members', { count: room.members.length })
              )
            ) : null}
          </p>
        </div>
        {room && (
          <>
            <button
              type="button"
              className="icon-btn"
              data-testid="room-mute"
              aria-pressed={room.muted}
              aria-label={room.muted ? t('room.unmute') : t('room.mute')}
              title={room.muted ? t('room.mutedTitle') : t('room.mute')}
              onClick={toggleMute}
            >
              {room.muted ? <BellOffIcon size={18} /> : <BellIcon size={18} />}
            </button>
            {room.kind === 'room' && (
              <button
                type="button"
                className="icon-btn"
                data-testid="room-settings"
                aria-label={t('room.settings')}
                title={t('room.settings')}
                onClick={() => setSettings(true)}
              >
                <SettingsIcon size={18} />
              </button>
            )}
          </>
        )}
      </header>
      {state.status === 'loading' ? (
        <div className="messages-wrap">
          <div className="panel-state" aria-busy="true">
            <span className="spinner" aria-label={t('room.loading')} />
          </div>
        </div>
      ) : state.status === 'error' ? (
        <div className="panel-state" role="alert">
          <h2>{t('room.openFailed')}</h2>
          <p>{state.error}</p>
          <button type="button" className="btn" onClick={() => void messaging.store.open(roomId)}>
            {t('words.retry')}
          </button>
        </div>
      ) : (
        <RoomMessageList
          ref={list}
          state={state}
          pending={pending}
          actions={actions}
          unreadFromId={unreadFromId}
          onLoadOlder={() => void messaging.store.loadOlder(roomId)}
          onSeen={onSeen}
          onRetryPending={(id) => messaging.outbox.retry(id)}
          onDiscardPending={(id) => messaging.outbox.discard(id)}
        />
      )}
      <div className="typing-line" data-testid="typing-line" aria-live="polite">
        {typingText(typingNames)}
      </div>
      {notice && (
        <div className="chat-notice notice notice-error" role="alert" data-testid="room-notice">
          {notice}
          <button type="button" className="link-btn" onClick={() => setNotice(null)}>
            {t('room.dismiss')}
          </button>
        </div>
      )}
      <RoomComposer
        ref={composer}
        roomName={title}
        mentionOptions={mentionOptions}
        replyTo={replyTo}
        onCancelReply={() => setReplyTo(null)}
        onTyping={() => messaging.typed(roomId)}
        onSend={send}
      />
      {room && settings && <RoomSettingsDialog room={room} onClose={() => setSettings(false)} />}
      <ConfirmDialog
        open={!!deleting}
        title={t('room.deleteTitle')}
        body={t('room.deleteBody')}
        confirmLabel={t('room.deleteConfirm')}
        danger
        onCancel={() => setDeleting(null)}
        onConfirm={() => {
          const m = deleting;
          setDeleting(null);
          if (!m) return;
          messagingApi
            .remove(roomId, m.id)
            .then(() => messaging.store.catchUp(roomId))
            .catch(fail('room.deleteFailed'));
        }}
      />
    </section>
  );
}
