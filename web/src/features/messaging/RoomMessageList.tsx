/**
 * A room's messages, oldest at the top: it opens at the newest, follows new ones while the
 * member is at the end ("Jump to latest" otherwise), loads older pages as they scroll up
 * (keeping the reading position), marks where the unread part starts, and reports which
 * messages were actually on screen so they are marked read as the member scrolls.
 *
 * Not virtualised (unlike the AI chat's list): a room loads 50 messages a page and only grows
 * as far as someone scrolls back; a quote's jump loads pages until the original is there.
 */
import { useCallback, useEffect, useImperativeHandle, useLayoutEffect, useRef, useState, type Ref } from 'react';
import { useTranslation } from 'react-i18next';
import { ArrowDownIcon } from '#web/lib/icons';
import { startsGroup } from './merge';
import type { Pending } from './outbox';
import { RoomMessageItem, type MessageActions } from './RoomMessageItem';
import type { RoomState } from './roomStore';
import type { RoomMessage } from './types';

/** What the room view can ask of the list. */
export type RoomListHandle = {
  scrollToBottom: () => void;
  /** Scrolls to a loaded message and highlights it. */
  reveal: (messageId: string) => boolean;
};

type Props = {
  state: RoomState;
  pending: Pending[];
  actions: MessageActions;
  /** The first unread message when the room was opened (the "New messages" marker). */
  unreadFromId: string | null;
  onLoadOlder: () => void;
  /** A message by someone else was on screen. */
  onSeen: (message: RoomMessage) => void;
  onRetryPending: (clientId: string) => void;
  onDiscardPending: (clientId: string) => void;
  ref?: Ref<RoomListHandle>;
};

const END_THRESHOLD = 64;
const FLASH_MS = 2000;

/** Props: see Props. */
export function RoomMessageList({
  state,
  pending,
  actions,
  unreadFromId,
  onLoadOlder,
  onSeen,
  onRetryPending,
  onDiscardPending,
  ref,
}: Props) {
  const { t } = useTranslation('messaging');
  const scroller = useRef<HTMLDivElement>(null);
  const atEnd = useRef(true);
  const [showJump, setShowJump] = useState(false);
  const [flash, setFlash] = useState<string | null>(null);
  const anchor = useRef<{ firstId: string | undefined; height: number; top: number } | null>(null);
  const seen = useRef(onSeen);
  useLayoutEffect(() => {
    seen.current = onSeen;
  });
  const { messages } = state;
  const shownPending = pending.filter((p) => !messages.some((m) => m.clientId === p.body.clientId));

  const toBottom = useCallback(() => {
    const el = scroller.current;
    if (!el) return;
    el.scrollTop = el.scrollHeight;
    atEnd.current = true;
    setShowJump(false);
  }, []);

  useImperativeHandle(
    ref,
    () => ({
      scrollToBottom: toBottom,
      reveal: (messageId) => {
        const row = scroller.current?.querySelector<HTMLElement>(`[data-message-id="${CSS.escape(messageId)}"]`);
        if (!row) return false;
        row.scrollIntoView({ block: 'center' });
        setFlash(messageId);
        return true;
      },
    }),
    [toBottom],
  );

  useEffect(() => {
    if (!flash) return;
    const t = setTimeout(() => setFlash(null), FLASH_MS);
    return () => clearTimeout(t);
  }, [flash]);

  // Older messages prepended: keep what was on screen where it was. New ones at the end while
  // at the end: follow them.
  const firstId = messages[0]?.id;
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const a = anchor.current;
    if (a && a.firstId !== firstId && a.firstId !== undefined) {
      el.scrollTop = a.top + (el.scrollHeight - a.height);
    } else if (atEnd.current) {
      el.scrollTop = el.scrollHeight;
    }
    anchor.current = { firstId, height: el.scrollHeight, top: el.scrollTop };
  });

  const onScroll = () => {
    const el = scroller.current;
    if (!el) return;
    const end = el.scrollHeight - el.scrollTop - el.clientHeight <= END_THRESHOLD;
    atEnd.current = end;
    setShowJump(!end);
    anchor.current = { firstId, height: el.scrollHeight, top: el.scrollTop };
    if (el.scrollTop < 200 && state.hasMore && state.older === 'idle') onLoadOlder();
  };

  // A short room may not scroll at all: load older pages until it does (or there are none).
  useEffect(() => {
    const el = scroller.current;
    if (!el || !state.hasMore || state.older !== 'idle' || state.status !== 'ready') return;
    if (el.scrollHeight <= el.clientHeight + 200) onLoadOlder();
  }, [state.hasMore, state.older, state.status, messages.length, onLoadOlder]);

  // Read as seen: a message counts once at least half of it was in view, with the tab visible.
  useEffect(() => {
    const root = scroller.current;
    if (!root) return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (document.visibilityState !== 'visible') return;
        for (const entry of entries) {
          if (!entry.isIntersecting) continue;
          const id = (entry.target as HTMLElement).dataset.messageId;
          const m = messages.find((x) => x.id === id);
          if (m) seen.current(m);
        }
      },
      { root, threshold: 0.5 },
    );
    for (const row of root.querySelectorAll('[data-testid="room-message"]')) observer.observe(row);
    const onVisible = () => {
      if (document.visibilityState !== 'visible') return;
      // Back in view: what is on screen now is being read.
      observer.takeRecords();
      for (const row of root.querySelectorAll<HTMLElement>('[data-testid="room-message"]')) {
        const r = row.getBoundingClientRect();
        const box = root.getBoundingClientRect();
        if (r.bottom > box.top && r.top < box.bottom) {
          const m = messages.find((x) => x.id === row.dataset.messageId);
          if (m) seen.current(m);
        }
      }
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      observer.disconnect();
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [messages]);

  return (
    <div className="messages-wrap">
      <div className="messages room-messages" ref={scroller} onScroll={onScroll} data-testid="room-scroller">
        <div className="room-log" role="log" aria-label={t('list.label')} aria-live="polite">
          {state.older === 'loading' && (
            <div className="older-status" role="status" data-testid="loading-older">
              {t('list.loadingOlder')}
            </div>
          )}
          {state.older === 'error' && (
            <div className="older-status is-error" role="alert">
              {t('list.olderFailed', { error: state.error })}{' '}
              <button type="button" className="link-btn" onClick={onLoadOlder}>
                {t('words.retry')}
              </button>
            </div>
          )}
          {!state.hasMore && messages.length > 0 && <p className="room-start hint">{t('list.start')}</p>}
          {messages.map((m, i) => (
            <div key={m.id} className="room-row">
              {m.id === unreadFromId && (
                <div className="unread-marker" data-testid="unread-marker" role="separator">
                  <span>{t('list.newMessages')}</span>
                </div>
              )}
              <RoomMessageItem
                message={m}
                header={startsGroup(messages[i - 1], m) || m.id === unreadFromId}
                actions={actions}
                flash={flash === m.id}
              />
            </div>
          ))}
          {shownPending.map((p) => (
            <article
              key={p.body.clientId}
              className="room-msg is-own is-pending"
              data-testid="pending-message"
              data-state={p.state}
            >
              <div className="room-text">
                <div className="markdown is-plain">{p.body.text}</div>
              </div>
              {p.body.attachmentIds && p.body.attachmentIds.length > 0 && (
                <span className="hint">{t('list.files', { count: p.body.attachmentIds.length })}</span>
              )}
              <span
                className={`pending-state hint${p.state === 'failed' ? ' is-error' : ''}`}
                role={p.state === 'failed' ? 'alert' : undefined}
              >
                {p.state === 'sending'
                  ? t('list.sending')
                  : p.state === 'waiting'
                    ? t('list.waiting')
                    : t('list.notSent', { error: p.error ?? t('list.refused') })}
                {p.state === 'failed' && (
                  <>
                    {' '}
                    <button type="button" className="link-btn" onClick={() => onRetryPending(p.body.clientId)}>
                      {t('list.tryAgain')}
                    </button>{' '}
                    <button type="button" className="link-btn" onClick={() => onDiscardPending(p.body.clientId)}>
                      {t('list.discard')}
                    </button>
                  </>
                )}
              </span>
            </article>
          ))}
        </div>
      </div>
      {showJump && (
        <button type="button" className="jump-latest" data-testid="jump-to-latest" onClick={toBottom}>
          <ArrowDownIcon size={16} /> {t('list.jumpLatest')}
        </button>
      )}
    </div>
  );
}
