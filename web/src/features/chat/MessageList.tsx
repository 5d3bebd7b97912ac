/**
 * The conversation's messages as a virtualised list (only the rows near the viewport exist in
 * the DOM, each measured as it renders), so a chat of thousands of messages opens and scrolls
 * like a short one. It is anchored to its end: it opens at the newest message, follows a reply
 * while it streams unless the user scrolled up ("Jump to latest" then), and keeps the reading
 * position steady when older pages are prepended on scroll-up.
 */
import {
  useCallback,
  useEffect,
  useImperativeHandle,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type Ref,
} from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { Message } from '#common/conversations';
import { errorText } from '#web/lib/errors';
import { ArrowDownIcon } from '#web/lib/icons';
import { AssistantMessage, UserMessage } from './MessageItem';
import { ContextCutNote, ContextDivider, contextMarkers } from './ContextMarker';
import { loadOlder, seekMessage } from './paging';
import { estimateHeight, LIST_PADDING_END, LIST_PADDING_START } from './rowHeight';
import './branches.css';
import { useTranslation } from 'react-i18next';

/** What the chat view (and "open at message" links) can ask of the list. */
export type MessageListHandle = {
  /** Scrolls to the newest message and follows it again. */
  scrollToBottom: (smooth?: boolean) => void;
  /**
   * Scrolls to a message and highlights it, loading older pages (or switching to its branch)
   * until it is on screen. Resolves false when the conversation has no such message.
   */
  scrollToMessage: (messageId: string) => Promise<boolean>;
};

type Props = {
  conversationId: string;
  /** The loaded part of the active branch, oldest first. */
  messages: Message[];
  /** Older messages exist that are not loaded yet. */
  hasMore: boolean;
  /** Versions of messages that have more than one (message id → all version ids). */
  siblings: Record<string, string[]> | undefined;
  /** A reply is being written: editing waits. */
  busy: boolean;
  /** Regenerate the last reply; undefined while busy. */
  onRegenerate?: ((messageId: string) => void) | undefined;
  /** Send an edited version of a user message. */
  onEdit: (messageId: string, content: string) => void;
  /** Show another version of a message; undefined while busy. */
  onSwitch?: ((versionId: string) => void) | undefined;
  ref?: Ref<MessageListHandle>;
};

/** Pixels from the end that still count as "at the latest message". */
const END_THRESHOLD = 48;
/** Start loading the previous page when the first rendered row is this close to the top. */
const LOAD_AHEAD_ROWS = 8;
const FLASH_MS = 2000;

/** Props: see Props. */
export function MessageList({
  conversationId,
  messages,
  hasMore,
  siblings,
  busy,
  onRegenerate,
  onEdit,
  onSwitch,
  ref,
}: Props) {
  const { t } = useTranslation('chat');
  const scrollRef = useRef<HTMLDivElement>(null);
  const [ready, setReady] = useState(false);
  const [atEnd, setAtEnd] = useState(true);
  const [older, setOlder] = useState<'idle' | 'loading' | 'failed'>('idle');
  const [olderError, setOlderError] = useState<string | null>(null);
  const [target, setTarget] = useState<string | null>(null);
  const [flash, setFlash] = useState<string | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const drafts = useRef(new Map<string, string>());

  // The app is not built with the React Compiler; the virtualizer re-renders this list itself.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: messages.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: (index) => estimateHeight(messages[index]!),
    getItemKey: (index) => messages[index]!.id,
    anchorTo: 'end',
    followOnAppend: true,
    scrollEndThreshold: END_THRESHOLD,
    overscan: 4,
    paddingStart: LIST_PADDING_START,
    paddingEnd: LIST_PADDING_END,
    // Render the newest rows in the very first commit (not the oldest, then the newest): start
    // past the end (clamped to it) with the window's height as a first guess of the viewport's.
    initialOffset: Number.MAX_SAFE_INTEGER,
    initialRect: { width: 0, height: window.innerHeight },
  });

  const toBottom = useCallback(
    (smooth = false) => {
      virtualizer.scrollToEnd({ behavior: smooth ? 'smooth' : 'auto' });
      setAtEnd(true);
    },
    [virtualizer],
  );

  // Open at the newest message; older pages may load only once that scroll has landed.
  useLayoutEffect(() => {
    virtualizer.scrollToEnd();
    let frame = requestAnimationFrame(() => (frame = requestAnimationFrame(() => setReady(true))));
    return () => cancelAnimationFrame(frame);
  }, [virtualizer]);

  useEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    // From the virtualizer's own figures: reading the element's scrollHeight here would force a
    // layout on every scroll event.
    const onScroll = () => {
      const distance =
        virtualizer.getTotalSize() - (virtualizer.scrollOffset ?? 0) - (virtualizer.scrollRect?.height ?? 0);
      setAtEnd(distance <= END_THRESHOLD);
    };
    el.addEventListener('scroll', onScroll, { passive: true });
    return () => el.removeEventListener('scroll', onScroll);
  }, [virtualizer]);

  const items = virtualizer.getVirtualItems();
  const firstIndex = items[0]?.index ?? 0;

  // Near the top with more history on the server: fetch the previous page. The virtualizer
  // keeps the visible message where it is when the page is prepended (anchorTo: 'end').
  useEffect(() => {
    if (!ready || !hasMore || older !== 'idle' || firstIndex > LOAD_AHEAD_ROWS) return;
    setOlder('loading');
    loadOlder(conversationId).then(
      () => setOlder('idle'),
      (err: unknown) => {
        setOlderError(errorText(err));
        setOlder('failed');
      },
    );
  }, [ready, hasMore, older, firstIndex, conversationId]);

  // A sought message is loaded: bring it to the middle of the screen and highlight it.
  useLayoutEffect(() => {
    if (!target) return;
    const index = messages.findIndex((m) => m.id === target);
    if (index === -1) return;
    virtualizer.scrollToIndex(index, { align: 'center' });
    setTarget(null);
    setFlash(target);
  }, [target, messages, virtualizer]);

  useEffect(() => {
    if (!flash) return;
    const timer = setTimeout(() => setFlash(null), FLASH_MS);
    return () => clearTimeout(timer);
  }, [flash]);

  useImperativeHandle(
    ref,
    () => ({
      scrollToBottom: toBottom,
      scrollToMessage: async (messageId: string) => {
        const found = await seekMessage(conversationId, messageId);
        if (found) setTarget(messageId);
        return found;
      },
    }),
    [toBottom, conversationId],
  );

  const onEditStart = useCallback((messageId: string) => {
    setEditing(messageId);
  }, []);
  const editor = useMemo(
    () => ({
      initial: '',
      onDraft: (messageId: string, text: string) => void drafts.current.set(messageId, text),
      onCancel: () => {
        setEditing((id) => {
          if (id) drafts.current.delete(id);
          return null;
        });
      },
      onSave: (messageId: string, text: string) => {
        drafts.current.delete(messageId);
        setEditing(null);
        onEdit(messageId, text);
      },
      disabledReason: busy ? t('waitForReply') : null,
    }),
    [busy, onEdit, t],
  );

  const lastIndex = messages.length - 1;
  const context = useMemo(() => contextMarkers(messages), [messages]);
  return (
    <div className="messages-wrap">
      <div className="messages" ref={scrollRef} data-testid="message-scroller">
        <div
          className="messages-inner is-virtual"
          role="log"
          aria-label={t('messages')}
          style={{ height: virtualizer.getTotalSize() }}
        >
          {items.map((item) => {
            const m = messages[item.index]!;
            const isLast = item.index === lastIndex;
            const versions = siblings?.[m.id];
            return (
              <div
                key={item.key}
                data-index={item.index}
                ref={virtualizer.measureElement}
                className={`msg-row${flash === m.id ? ' is-target' : ''}`}
                style={{ transform: `translateY(${item.start}px)` }}
              >
                {m.id === context.startId && <ContextDivider />}
                {m.role === 'user' ? (
                  <UserMessage
                    message={m}
                    versions={versions}
                    onSwitch={onSwitch}
                    editing={editing === m.id}
                    onEditStart={busy ? undefined : onEditStart}
                    editor={
                      editing === m.id ? { ...editor, initial: drafts.current.get(m.id) ?? m.content } : undefined
                    }
                  />
                ) : (
                  <AssistantMessage
                    message={m}
                    isLast={isLast}
                    versions={versions}
                    onSwitch={onSwitch}
                    onRegenerate={isLast && m.parentId && m.status !== 'streaming' ? onRegenerate : undefined}
                  />
                )}
                {m.id === context.cutId && <ContextCutNote />}
              </div>
            );
          })}
        </div>
      </div>
      {older === 'loading' && (
        <div className="older-status" role="status" data-testid="loading-older">
          {t('loadingOlder')}
        </div>
      )}
      {older === 'failed' && (
        <div className="older-status is-error" role="alert">
          {t('olderFailed', { error: olderError })}{' '}
          <button type="button" className="link-btn" onClick={() => setOlder('idle')}>
            {t('common:retry')}
          </button>
        </div>
      )}
      {!atEnd && (
        <button type="button" className="jump-latest" data-testid="jump-to-latest" onClick={() => toBottom(true)}>
          <ArrowDownIcon size={16} /> {t('jumpToLatest')}
        </button>
      )}
    </div>
  );
}
