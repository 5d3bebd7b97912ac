/**
 * The message box: grows with its text, Enter sends, Shift+Enter starts a new line, Esc stops a
 * running reply. The Send button becomes Stop while a reply streams.
 */
import {
  useImperativeHandle,
  useLayoutEffect,
  useRef,
  useState,
  type FormEvent,
  type KeyboardEvent,
  type Ref,
} from 'react';
import { SendIcon, StopIcon } from '#web/lib/icons';
import { preloadMarkdown } from './Markdown';
import { useTranslation } from 'react-i18next';

/** Lets the chat view fill in a suggestion or give back a refused message. */
export type ComposerHandle = { setText: (text: string) => void; focus: () => void };

type Props = {
  /** Why sending is impossible (no model…), or null. */
  disabledReason: string | null;
  /** A reply is being written: show Stop instead of Send. */
  busy: boolean;
  onSend: (text: string) => void;
  onStop: () => void;
  ref?: Ref<ComposerHandle>;
};

const MAX_HEIGHT = 240;
const finePointer = () => window.matchMedia('(pointer: fine)').matches;

/** Props: see Props. */
export function Composer({ disabledReason, busy, onSend, onStop, ref }: Props) {
  const { t } = useTranslation('chat');
  const [text, setText] = useState('');
  const area = useRef<HTMLTextAreaElement>(null);

  useImperativeHandle(ref, () => ({
    setText: (t: string) => {
      setText(t);
      requestAnimationFrame(() => {
        area.current?.focus();
        area.current?.setSelectionRange(t.length, t.length);
      });
    },
    focus: () => area.current?.focus(),
  }));

  useLayoutEffect(() => {
    const el = area.current;
    if (!el) return;
    el.style.height = 'auto';
    el.style.height = `${Math.min(el.scrollHeight, MAX_HEIGHT)}px`;
    el.style.overflowY = el.scrollHeight > MAX_HEIGHT ? 'auto' : 'hidden';
  }, [text]);

  const canSend = !busy && !disabledReason && text.trim().length > 0;
  const submit = (e?: FormEvent) => {
    e?.preventDefault();
    if (!canSend) return;
    onSend(text);
    setText('');
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      submit();
    } else if (e.key === 'Escape' && busy) {
      e.preventDefault();
      onStop();
    }
  };

  return (
    <form className="composer" onSubmit={submit}>
      <div className={`composer-box${disabledReason ? ' is-disabled' : ''}`}>
        <textarea
          ref={area}
          className="composer-input"
          data-testid="composer-input"
          aria-label={t('message')}
          aria-describedby="composer-hint"
          placeholder={disabledReason ? t('sendingUnavailable') : t('messageHearth')}
          rows={1}
          value={text}
          disabled={!!disabledReason}
          autoFocus={finePointer()}
          onChange={(e) => {
            setText(e.target.value);
            // A reply is coming: have its markdown code here by then (a no-op once fetched).
            preloadMarkdown();
          }}
          onKeyDown={onKeyDown}
        />
        {busy ? (
          <button
            type="button"
            className="composer-btn is-stop"
            data-testid="stop-button"
            aria-label={t('stopReply')}
            title={t('stopEsc')}
            onClick={onStop}
          >
            <StopIcon size={16} />
          </button>
        ) : (
          <button
            type="submit"
            className="composer-btn"
            data-testid="send-button"
            aria-label={t('send')}
            title={t('sendEnter')}
            disabled={!canSend}
          >
            <SendIcon size={18} />
          </button>
        )}
      </div>
      <p
        id="composer-hint"
        className={`composer-hint${disabledReason ? ' is-reason' : ''}`}
        data-testid={disabledReason ? 'composer-disabled-reason' : undefined}
      >
        {disabledReason ?? (busy ? t('escStops') : t('enterToSend'))}
      </p>
    </form>
  );
}
