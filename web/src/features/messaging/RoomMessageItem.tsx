/**
 * One message of a room: the sender's name in their colour (once per group), the quote it
 * replies to (a click jumps to the original), the text as safe markdown with @mentions
 * highlighted, files, reactions, and the actions — on hover, from the ⋯ menu, or by a long
 * press on a phone: reply, react, and for one's own messages edit and delete. An assistant
 * reply streams in, says who asked, shows its tool calls, and offers Stop to the asker only.
 */
import { memo, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { MoreIcon, PencilIcon, StopIcon, TrashIcon } from '#web/lib/icons';
import { ToolCalls } from '#web/features/chat/ToolCalls';
import { Attachments } from './Attachments';
import { fullTime, messageTime, senderName } from './format';
import { ReplyIcon, SmileIcon } from './icons';
import { MentionText } from './MentionText';
import { senderColour } from './merge';
import { EmojiPicker, Reactions } from './Reactions';
import type { RoomMessage, Sender } from './types';

/** What a message row can do; the list passes the same object to every row. */
export type MessageActions = {
  me: string;
  myUsername: string;
  /** Lower-case names that count as @mentions (members, the assistant, task ids). */
  names: ReadonlySet<string>;
  nameOf: (userId: string) => string;
  reply: (message: RoomMessage) => void;
  jump: (messageId: string) => void;
  edit: (message: RoomMessage, text: string) => Promise<void>;
  remove: (message: RoomMessage) => void;
  react: (message: RoomMessage, emoji: string, on: boolean) => void;
  stop: (message: RoomMessage) => void;
  /** The name over a quote (its sender is null for the assistant and for former members). */
  quoteName: (messageId: string, sender: Sender | null) => string;
  /** The name of whoever asked the assistant (the row says "you" itself for the reader). */
  askedByName: (userId: string) => string;
};

const LONG_PRESS_MS = 500;

function EditBox({
  initial,
  onSave,
  onCancel,
}: {
  initial: string;
  onSave: (t: string) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation('messaging');
  const [text, setText] = useState(initial);
  const onKey = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === 'Escape') onCancel();
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      if (text.trim()) onSave(text);
    }
  };
  return (
    <div className="room-edit">
      <textarea
        className="input"
        data-testid="edit-input"
        aria-label={t('message.editLabel')}
        value={text}
        autoFocus
        rows={Math.min(8, text.split('\n').length + 1)}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={onKey}
      />
      <div className="room-edit-actions">
        <button type="button" className="btn btn-ghost" onClick={onCancel}>
          {t('message.cancel')}
        </button>
        <button
          type="button"
          className="btn btn-primary"
          data-testid="edit-save"
          disabled={!text.trim()}
          onClick={() => onSave(text)}
        >
          {t('message.save')}
        </button>
      </div>
    </div>
  );
}

type Props = { message: RoomMessage; header: boolean; actions: MessageActions; flash: boolean };

/** Props: see Props. */
export const RoomMessageItem = memo(function RoomMessageItem({ message: m, header, actions, flash }: Props) {
  const { t } = useTranslation('messaging');
  const [menu, setMenu] = useState(false);
  const [picker, setPicker] = useState(false);
  const [editing, setEditing] = useState(false);
  const [editError, setEditError] = useState<string | null>(null);
  const press = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const menuRef = useRef<HTMLDivElement>(null);
  const own = m.kind === 'person' && m.sender?.id === actions.me;
  const deleted = !!m.deletedAt;
  const assistant = m.kind === 'assistant';
  const streaming = m.status === 'streaming';
  const colour = assistant ? 'assistant' : String(senderColour(m.sender?.id ?? 'former'));

  useEffect(() => {
    if (!menu) return;
    const onDown = (e: PointerEvent) => {
      if (!menuRef.current?.contains(e.target as Node)) setMenu(false);
    };
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (e.key === 'Escape') setMenu(false);
    };
    document.addEventListener('pointerdown', onDown);
    document.addEventListener('keydown', onKey);
    menuRef.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
    return () => {
      document.removeEventListener('pointerdown', onDown);
      document.removeEventListener('keydown', onKey);
    };
  }, [menu]);

  const startPress = (e: React.PointerEvent) => {
    if (e.pointerType !== 'touch' || deleted) return;
    press.current = setTimeout(() => setMenu(true), LONG_PRESS_MS);
  };
  const endPress = () => clearTimeout(press.current);

  const save = (text: string) => {
    setEditError(null);
    actions.edit(m, text).then(
      () => setEditing(false),
      (err: unknown) => setEditError(err instanceof Error ? err.message : t('message.saveFailed')),
    );
  };

  const who = assistant ? t('words.assistant') : senderName(m.sender);
  return (
    <article
      className={`room-msg${header ? ' has-header' : ''}${own ? ' is-own' : ''}${assistant ? ' is-assistant' : ''}${deleted ? ' is-deleted' : ''}${flash ? ' is-target' : ''}`}
      data-testid="room-message"
      data-message-id={m.id}
      data-seq={m.seq}
      data-status={m.status ?? undefined}
      aria-busy={streaming || undefined}
      onPointerDown={startPress}
      onPointerUp={endPress}
      onPointerLeave={endPress}
      onPointerMove={endPress}
      onContextMenu={(e) => {
        if (window.matchMedia('(hover: none)').matches) e.preventDefault();
      }}
    >
      {header && (
        <header className="room-msg-head">
          <span className={`sender sender-c${colour}`} data-testid="sender-name">
            {who}
          </span>
          {assistant && m.askedBy && (
            <span className="hint" data-testid="asked-by">
              {m.askedBy === actions.me
                ? t('message.askedByYou')
                : t('message.askedBy', { name: actions.askedByName(m.askedBy) })}
            </span>
          )}
          <time className="hint" dateTime={m.createdAt} title={fullTime(m.createdAt)}>
            {messageTime(m.createdAt)}
          </time>
        </header>
      )}
      {m.replyTo && !deleted && (
        <button
          type="button"
          className="reply-quote"
          data-testid="reply-quote"
          onClick={() => actions.jump(m.replyTo!.id)}
          title={t('message.showOriginal')}
        >
          <ReplyIcon size={13} />
          <span className="reply-quote-who">{actions.quoteName(m.replyTo.id, m.replyTo.sender)}</span>
          <span className="reply-quote-text">
            {m.replyTo.deleted ? t('message.deleted') : m.replyTo.text || t('message.photoOrFile')}
          </span>
        </button>
      )}
      {deleted ? (
        <p className="room-deleted" data-testid="message-deleted">
          {t('message.deleted')}
        </p>
      ) : editing ? (
        <>
          <EditBox initial={m.text} onSave={save} onCancel={() => setEditing(false)} />
          {editError && (
            <div className="notice notice-error" role="alert">
              {editError}
            </div>
          )}
        </>
      ) : (
        <>
          {assistant && m.toolCalls && m.toolCalls.length > 0 && (
            <ToolCalls calls={m.toolCalls} streaming={streaming} />
          )}
          {m.text ? (
            <MentionText source={m.text} names={actions.names} me={actions.myUsername} streaming={streaming} />
          ) : (
            streaming && (
              <div className="typing" data-testid="assistant-thinking">
                <span />
                <span />
                <span />
                <span className="sr-only">{t('message.replying')}</span>
              </div>
            )
          )}
          {m.editedAt && (
            <span className="hint room-edited" data-testid="message-edited" title={fullTime(m.editedAt)}>
              {t('message.edited')}
            </span>
          )}
          <Attachments items={m.attachments} />
          {m.status === 'stopped' && <span className="badge">{t('message.stopped')}</span>}
          {m.status === 'error' && <span className="badge badge-warn">{t('message.failed')}</span>}
          {m.status === 'blocked' && <span className="badge badge-warn">{t('message.blocked')}</span>}
          {assistant && streaming && m.askedBy === actions.me && (
            <button
              type="button"
              className="btn btn-sm room-stop"
              data-testid="room-stop"
              onClick={() => actions.stop(m)}
            >
              <StopIcon size={12} /> {t('message.stop')}
            </button>
          )}
          <Reactions
            message={m}
            me={actions.me}
            nameOf={actions.nameOf}
            onToggle={(e, on) => actions.react(m, e, on)}
          />
        </>
      )}
      {!deleted && !editing && (
        <div className="room-msg-actions" ref={menuRef}>
          <button
            type="button"
            className="icon-btn"
            data-testid="react-button"
            aria-label={t('message.react')}
            title={t('message.react')}
            onClick={() => setPicker((p) => !p)}
          >
            <SmileIcon size={16} />
          </button>
          <button
            type="button"
            className="icon-btn"
            data-testid="reply-button"
            aria-label={t('message.reply')}
            title={t('message.reply')}
            onClick={() => actions.reply(m)}
          >
            <ReplyIcon size={16} />
          </button>
          <button
            type="button"
            className="icon-btn"
            data-testid="message-menu"
            aria-label={t('message.more')}
            aria-haspopup="menu"
            aria-expanded={menu}
            onClick={() => setMenu((o) => !o)}
          >
            <MoreIcon size={16} />
          </button>
          {menu && (
            <div className="conv-menu room-menu" role="menu">
              <button
                type="button"
                role="menuitem"
                className="menu-item"
                onClick={() => (setMenu(false), actions.reply(m))}
              >
                <ReplyIcon size={15} /> {t('message.reply')}
              </button>
              <button
                type="button"
                role="menuitem"
                className="menu-item"
                onClick={() => (setMenu(false), setPicker(true))}
              >
                <SmileIcon size={15} /> {t('message.react')}
              </button>
              {own && (
                <button
                  type="button"
                  role="menuitem"
                  className="menu-item"
                  data-testid="edit-room-message"
                  onClick={() => (setMenu(false), setEditing(true))}
                >
                  <PencilIcon size={15} /> {t('message.edit')}
                </button>
              )}
              {own && (
                <button
                  type="button"
                  role="menuitem"
                  className="menu-item is-danger"
                  data-testid="delete-room-message"
                  onClick={() => (setMenu(false), actions.remove(m))}
                >
                  <TrashIcon size={15} /> {t('message.delete')}
                </button>
              )}
            </div>
          )}
          {picker && <EmojiPicker onPick={(e) => actions.react(m, e, true)} onClose={() => setPicker(false)} />}
        </div>
      )}
    </article>
  );
});
