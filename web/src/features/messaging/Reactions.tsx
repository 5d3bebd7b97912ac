/** Reactions under a message (emoji, count, who on hover) and the small picker of common emoji. */
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { RoomMessage } from './types';

/** The picker's emoji: the ones a family uses most. */
export const COMMON_EMOJI = ['👍', '❤️', '😂', '😮', '😢', '🎉', '🙏', '👀'];

/** Props: the message's reactions, the reader, names by user id, and toggling one. */
export function Reactions({
  message,
  me,
  nameOf,
  onToggle,
}: {
  message: RoomMessage;
  me: string;
  nameOf: (userId: string) => string;
  onToggle: (emoji: string, on: boolean) => void;
}) {
  const { t } = useTranslation('messaging');
  const list = message.reactions.filter((r) => r.userIds.length > 0);
  if (list.length === 0) return null;
  return (
    <div className="reactions" data-testid="reactions">
      {list.map((r) => {
        const mine = r.userIds.includes(me);
        const who = r.userIds.map((id) => (id === me ? t('words.you') : nameOf(id))).join(', ');
        return (
          <button
            key={r.emoji}
            type="button"
            className={`reaction${mine ? ' is-mine' : ''}`}
            data-testid="reaction"
            data-emoji={r.emoji}
            aria-pressed={mine}
            title={t('reactions.reactedWith', { who, emoji: r.emoji })}
            aria-label={t('reactions.label', { emoji: r.emoji, n: r.userIds.length, who })}
            onClick={() => onToggle(r.emoji, !mine)}
          >
            <span aria-hidden="true">{r.emoji}</span> <span className="reaction-count">{r.userIds.length}</span>
          </button>
        );
      })}
    </div>
  );
}

/** A row of emoji to react with; closes on pick, Esc or a click elsewhere. */
export function EmojiPicker({ onPick, onClose }: { onPick: (emoji: string) => void; onClose: () => void }) {
  const { t } = useTranslation('messaging');
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const onDown = (e: PointerEvent) => {
      if (!ref.current?.contains(e.target as Node)) onClose();
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onClose();
    };
    document.addEventListener('pointerdown', onDown);
    document.addEventListener('keydown', onKey);
    ref.current?.querySelector('button')?.focus();
    return () => {
      document.removeEventListener('pointerdown', onDown);
      document.removeEventListener('keydown', onKey);
    };
  }, [onClose]);
  return (
    <div ref={ref} className="emoji-picker" role="menu" aria-label={t('reactions.picker')} data-testid="emoji-picker">
      {COMMON_EMOJI.map((e) => (
        <button
          key={e}
          type="button"
          role="menuitem"
          className="emoji-option"
          data-testid="emoji-option"
          data-emoji={e}
          aria-label={t('reactions.pick', { emoji: e })}
          onClick={() => {
            onPick(e);
            onClose();
          }}
        >
          {e}
        </button>
      ))}
    </div>
  );
}
