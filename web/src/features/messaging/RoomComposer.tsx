/**
 * The room's message box: Enter sends, Shift+Enter a new line; @ opens the mention list
 * (members, the assistant, tasks); files come by paste, drop or the paperclip and are uploaded
 * before the message is posted with their ids; a reply shows its quote above the box.
 * Typing tells the others (throttled), and sending works offline: the message waits, pending.
 */
import { useImperativeHandle, useLayoutEffect, useRef, useState, type KeyboardEvent, type Ref } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { SendIcon } from '#web/lib/icons';
import { XIcon } from '#web/lib/ui/icons';
import { messagingApi } from './api';
import { fileSize, senderName, uploadErrorText } from './format';
import { PaperclipIcon } from './icons';
import { insertMention, matchMentions, mentionAt, type MentionOption } from './mentions';
import type { Attachment, RoomMessage } from './types';

/** What the room view can ask of the box. */
export type RoomComposerHandle = { focus: () => void };

type Props = {
  roomName: string;
  mentionOptions: MentionOption[];
  replyTo: RoomMessage | null;
  onCancelReply: () => void;
  onTyping: () => void;
  onSend: (text: string, attachments: Attachment[]) => void;
  ref?: Ref<RoomComposerHandle>;
};

type Upload = {
  key: string;
  name: string;
  size: number;
  state: 'uploading' | 'done' | 'failed';
  error?: string;
  file?: Attachment;
};

const MAX_HEIGHT = 200;

/** Props: see Props. */
export function RoomComposer({ roomName, mentionOptions, replyTo, onCancelReply, onTyping, onSend, ref }: Props) {
  const { t } = useTranslation('messaging');
  const [text, setText] = useState('');
  const [uploads, setUploads] = useState<Upload[]>([]);
  const [mention, setMention] = useState<{ start: number; query: string } | null>(null);
  const [highlight, setHighlight] = useState(0);
  const [dragging, setDragging] = useState(false);
  const area = useRef<HTMLTextAreaElement>(null);
  const picker = useRef<HTMLInputElement>(null);
  const counter = useRef(0);

  useImperativeHandle(ref, () => ({ focus: () => area.current?.focus() }));

  useLayoutEffect(() => {
    const el = area.current;
    if (!el) return;
    el.style.height = 'auto';
    el.style.height = `${Math.min(el.scrollHeight, MAX_HEIGHT)}px`;
    el.style.overflowY = el.scrollHeight > MAX_HEIGHT ? 'auto' : 'hidden';
  }, [text]);

  const matches = mention ? matchMentions(mentionOptions, mention.query) : [];
  const uploading = uploads.some((u) => u.state === 'uploading');
  const ready = uploads.filter((u) => u.state === 'done' && u.file).map((u) => u.file!);
  const canSend = !uploading && (text.trim().length > 0 || ready.length > 0);

  const addFiles = (files: FileList | File[]) => {
    for (const file of Array.from(files)) {
      const key = `u${++counter.current}`;
      setUploads((list) => [
        ...list,
        { key, name: file.name || t('composer.pastedFile'), size: file.size, state: 'uploading' },
      ]);
      messagingApi.upload(file).then(
        (att) => setUploads((list) => list.map((u) => (u.key === key ? { ...u, state: 'done', file: att } : u))),
        (err: unknown) =>
          setUploads((list) =>
            list.map((u) => (u.key === key ? { ...u, state: 'failed', error: uploadErrorText(err, u.name) } : u)),
          ),
      );
    }
  };

  const send = () => {
    if (!canSend) return;
    onSend(text, ready);
    setText('');
    setUploads([]);
    setMention(null);
  };

  const choose = (option: MentionOption) => {
    const el = area.current;
    if (!el || !mention) return;
    const next = insertMention(text, mention.start, el.selectionStart, option.name);
    setText(next.text);
    setMention(null);
    requestAnimationFrame(() => {
      el.focus();
      el.setSelectionRange(next.caret, next.caret);
    });
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (matches.length > 0) {
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        const step = e.key === 'ArrowDown' ? 1 : -1;
        setHighlight((h) => (h + step + matches.length) % matches.length);
        return;
      }
      if (e.key === 'Enter' || e.key === 'Tab') {
        e.preventDefault();
        choose(matches[Math.min(highlight, matches.length - 1)]!);
        return;
      }
      if (e.key === 'Escape') {
        e.preventDefault();
        setMention(null);
        return;
      }
    }
    if (e.key === 'Escape' && replyTo) onCancelReply();
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      send();
    }
  };

  const onChange = (value: string, caret: number) => {
    setText(value);
    setMention(mentionAt(value, caret));
    setHighlight(0);
    if (value.trim()) onTyping();
  };

  return (
    <form
      className={`composer room-composer${dragging ? ' is-dragging' : ''}`}
      onSubmit={(e) => {
        e.preventDefault();
        send();
      }}
      onDragOver={(e) => {
        if (e.dataTransfer.types.includes('Files')) {
          e.preventDefault();
          setDragging(true);
        }
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={(e) => {
        if (!e.dataTransfer.files.length) return;
        e.preventDefault();
        setDragging(false);
        addFiles(e.dataTransfer.files);
      }}
    >
      {replyTo && (
        <div className="composer-reply" data-testid="composer-reply">
          <span>
            {/* The name and text go in as elements, never parsed as the sentence's markup. */}
            <Trans
              t={t}
              i18nKey="composer.replyingTo"
              components={{
                name: <strong>{senderName(replyTo.sender)}</strong>,
                text: <>{replyTo.text.slice(0, 120) || t('composer.aFile')}</>,
              }}
            />
          </span>
          <button type="button" className="icon-btn" aria-label={t('composer.cancelReply')} onClick={onCancelReply}>
            <XIcon size={14} />
          </button>
        </div>
      )}
      {uploads.length > 0 && (
        <ul className="composer-uploads" aria-label={t('composer.files')}>
          {uploads.map((u) => (
            <li
              key={u.key}
              className={`composer-upload is-${u.state}`}
              data-testid="composer-upload"
              data-state={u.state}
            >
              {u.state === 'failed' ? (
                <span role="alert" data-testid="upload-error">
                  {u.error}
                </span>
              ) : (
                <span>
                  {u.name}{' '}
                  <span className="hint">{u.state === 'uploading' ? t('composer.uploading') : fileSize(u.size)}</span>
                </span>
              )}
              <button
                type="button"
                className="icon-btn"
                aria-label={t('composer.remove', { name: u.name })}
                onClick={() => setUploads((list) => list.filter((x) => x.key !== u.key))}
              >
                <XIcon size={14} />
              </button>
            </li>
          ))}
        </ul>
      )}
      {matches.length > 0 && (
        <ul className="mention-list" role="listbox" aria-label={t('composer.mention')} data-testid="mention-list">
          {matches.map((o, i) => (
            <li
              key={o.name}
              role="option"
              aria-selected={i === highlight}
              className={`mention-option${i === highlight ? ' is-active' : ''}`}
              data-testid="mention-option"
              data-name={o.name}
              onPointerDown={(e) => {
                e.preventDefault();
                choose(o);
              }}
            >
              <strong>@{o.name}</strong>{' '}
              <span className="hint">
                {o.label !== o.name ? o.label : ''} {o.hint}
              </span>
            </li>
          ))}
        </ul>
      )}
      <div className="composer-box">
        <button
          type="button"
          className="composer-btn composer-attach"
          data-testid="attach-button"
          aria-label={t('composer.attach')}
          title={t('composer.attach')}
          onClick={() => picker.current?.click()}
        >
          <PaperclipIcon size={18} />
        </button>
        <input
          ref={picker}
          type="file"
          multiple
          hidden
          data-testid="file-input"
          onChange={(e) => {
            if (e.target.files) addFiles(e.target.files);
            e.target.value = '';
          }}
        />
        <textarea
          ref={area}
          className="composer-input"
          data-testid="room-composer-input"
          aria-label={t('composer.label', { room: roomName })}
          placeholder={t('composer.placeholder', { room: roomName })}
          rows={1}
          value={text}
          onChange={(e) => onChange(e.target.value, e.target.selectionStart)}
          onKeyDown={onKeyDown}
          onPaste={(e) => {
            const files = e.clipboardData.files;
            if (files.length > 0) {
              e.preventDefault();
              addFiles(files);
            }
          }}
          onBlur={() => setMention(null)}
        />
        <button
          type="submit"
          className="composer-btn"
          data-testid="room-send"
          aria-label={t('composer.send')}
          title={t('composer.sendTitle')}
          disabled={!canSend}
        >
          <SendIcon size={18} />
        </button>
      </div>
    </form>
  );
}
