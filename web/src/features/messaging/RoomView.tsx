/**
 * The right panel of people chat: the room's header (name, who is in it or the other person's
 * presence, mute, settings), its messages, who is typing, and the composer. Without a room: a
 * short welcome pointing at the list.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
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

function Landing({ onOpenDrawer }: { onOpenDrawer: () => void }) {
  const gone = new URLSearchParams(location.search).get('gone') === '1';
  useEffect(() => {
    document.title = 'People · Hearth';
  }, []);
  return (
    <section className="chat" aria-label="People chat">
      <header className="chat-head">
        <button
          type="button"
          className="icon-btn drawer-toggle"
          data-testid="drawer-toggle"
          aria-label="Open the room list"
          onClick={onOpenDrawer}
        >
          <MenuIcon size={20} />
        </button>
        <h1 className="chat-title">People</h1>
      </header>
      <div className="panel-state" data-testid="people-landing">
        {gone && (
          <p className="notice notice-warn" role="status">
            That room was deleted, or you are no longer in it.
          </p>
        )}
        <h2>Talk with your household</h2>
        <p>
          Pick a room or a person from the list, or start a new room. Write @assistant in a message to ask Hearth’s
          assistant in the room.
        </p>
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

  const title = room ? roomTitle(room, user.id) : 'Room';
  useEffect(() => {
    document.title = `${title} · Hearth`;
  }, [title]);

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
          setNotice('That message isn’t in this room any more.');
          return;
        }
        requestAnimationFrame(() => list.current?.reveal(messageId));
      });
    },
    [messaging, roomId],
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
      return m ? m.displayName || m.username : 'Former member';
    },
    [room, people_],
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
      { name: 'assistant', label: 'Assistant', hint: 'asks Hearth’s assistant in this room' },
      ...(tasks.data?.items ?? []).map((t) => ({ name: t.id, label: t.name, hint: t.description.slice(0, 60) })),
    ],
    [room, tasks.data, user.id],
  );

  const fail = (what: string) => (err: unknown) => setNotice(`${what}: ${errorText(err)}`);
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
            ? 'Assistant'
            : 'Former member',
      askedByName: (id) => (id === user.id ? 'you' : nameOf(id)),
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
          .catch(fail('Couldn’t change the reaction'));
      },
      stop: (m) => {
        messagingApi
          .stop(m.id)
          .then(({ message }) => messaging.store.apply(roomId, message))
          .catch(fail('Couldn’t stop the reply'));
      },
    }),
    [user.id, user.username, names, nameOf, jump, roomId, messaging],
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
    }, fail('Couldn’t change the notifications of this room'));
  };

  if (
    (single.isError && isNotFound(single.error)) ||
    (state.status === 'error' && /isn’t here|not found/i.test(state.error ?? ''))
  ) {
    return (
      <section className="chat">
        <div className="panel-state" data-testid="room-missing">
          <h2>This room isn’t here</h2>
          <p>It may have been deleted, or you are not one of its members.</p>
          <button type="button" className="btn btn-primary" onClick={() => navigate('/people', { replace: true })}>
            Back to people chat
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
          aria-label="Open the room list"
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
              `${room.members.length} member${room.members.length === 1 ? '' : 's'}${room.description ? ` · ${room.description}` : ''}`
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
              aria-label={room.muted ? 'Unmute this room' : 'Mute this room'}
              title={
                room.muted ? 'Muted: no notifications, not counted in the total. Click to unmute.' : 'Mute this room'
              }
              onClick={toggleMute}
            >
              {room.muted ? <BellOffIcon size={18} /> : <BellIcon size={18} />}
            </button>
            {room.kind === 'room' && (
              <button
                type="button"
                className="icon-btn"
                data-testid="room-settings"
                aria-label="Room settings"
                title="Room settings"
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
            <span className="spinner" aria-label="Loading messages" />
          </div>
        </div>
      ) : state.status === 'error' ? (
        <div className="panel-state" role="alert">
          <h2>Couldn’t open this room</h2>
          <p>{state.error}</p>
          <button type="button" className="btn" onClick={() => void messaging.store.open(roomId)}>
            Retry
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
            Dismiss
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
        title="Delete this message?"
        body="Everyone in the room will see “message deleted” in its place."
        confirmLabel="Delete"
        danger
        onCancel={() => setDeleting(null)}
        onConfirm={() => {
          const m = deleting;
          setDeleting(null);
          if (!m) return;
          messagingApi
            .remove(roomId, m.id)
            .then(() => messaging.store.catchUp(roomId))
            .catch(fail('Couldn’t delete the message'));
        }}
      />
    </section>
  );
}
