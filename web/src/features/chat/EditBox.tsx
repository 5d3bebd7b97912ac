/**
 * Editing a sent message in place: a textarea with Save & send and Cancel. Saving sends the text
 * as a new version of the message (the earlier one stays, reachable with `‹ 1 / 2 ›`).
 * Enter saves, Shift+Enter starts a new line, Esc cancels.
 */
import { useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';

/** Props of the editor. */
export type EditBoxProps = {
  messageId: string;
  /** The text to start from (the message, or an unsaved draft). */
  initial: string;
  /** Keeps the draft when the row scrolls out of the virtualised list and back. */
  onDraft: (messageId: string, text: string) => void;
  onSave: (messageId: string, text: string) => void;
  onCancel: () => void;
  /** Why saving is impossible right now, or null. */
  disabledReason: string | null;
};

const MAX_HEIGHT = 320;

/** Props: see EditBoxProps. */
export function EditBox({ messageId, initial, onDraft, onSave, onCancel, disabledReason }: EditBoxProps) {
  const { t } = useTranslation('chat');
  const [text, setText] = useState(initial);
  const area = useRef<HTMLTextAreaElement>(null);

  useLayoutEffect(() => {
    const el = area.current;
    if (!el) return;
    el.style.height = 'auto';
    el.style.height = `${Math.min(el.scrollHeight, MAX_HEIGHT)}px`;
    el.style.overflowY = el.scrollHeight > MAX_HEIGHT ? 'auto' : 'hidden';
  }, [text]);

  useLayoutEffect(() => {
    const el = area.current;
    if (!el) return;
    el.focus({ preventScroll: true });
    el.setSelectionRange(el.value.length, el.value.length);
  }, []);

  const canSave = !disabledReason && text.trim().length > 0;
  const save = () => {
    if (canSave) onSave(messageId, text);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      save();
    } else if (e.key === 'Escape') {
      e.preventDefault();
      onCancel();
    }
  };

  return (
    <form
      className="edit-box"
      data-testid="edit-box"
      onSubmit={(e) => {
        e.preventDefault();
        save();
      }}
    >
      <textarea
        ref={area}
        className="edit-input"
        data-testid="edit-input"
        aria-label={t('editYourMessage')}
        rows={1}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          onDraft(messageId, e.target.value);
        }}
        onKeyDown={onKeyDown}
      />
      {disabledReason && <p className="edit-reason">{disabledReason}</p>}
      <div className="edit-actions">
        <button type="button" className="btn" data-testid="edit-cancel" onClick={onCancel}>
          {t('common:cancel')}
        </button>
        <button type="submit" className="btn btn-primary" data-testid="edit-save" disabled={!canSave}>
          {t('saveAndSend')}
        </button>
      </div>
    </form>
  );
}
