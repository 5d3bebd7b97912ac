/**
 * A reasoning model's thinking, kept apart from the answer under a disclosure: open by itself
 * while only thinking streams, closed once the answer starts (unless the user opened it).
 */
import { useId, useState } from 'react';
import { ChevronRightIcon } from '#web/lib/icons';
import { useTranslation } from 'react-i18next';

type Props = { text: string; streaming: boolean; answering: boolean };

/** Props: the reasoning text; whether the reply streams; whether answer text has begun. */
export function Thinking({ text, streaming, answering }: Props) {
  const { t } = useTranslation('chat');
  const [userOpen, setUserOpen] = useState<boolean | null>(null);
  const thinkingNow = streaming && !answering;
  const open = userOpen ?? thinkingNow;
  const id = useId();
  return (
    <div className={`thinking${open ? ' is-open' : ''}`} data-testid="thinking">
      <button
        type="button"
        className="thinking-toggle"
        aria-expanded={open}
        aria-controls={id}
        onClick={() => setUserOpen(!open)}
      >
        <ChevronRightIcon size={14} className="thinking-chevron" />
        {thinkingNow ? <span className="thinking-live">{t('thinkingNow')}</span> : t('thinking')}
      </button>
      {open && (
        <div id={id} className="thinking-body">
          {text}
        </div>
      )}
    </div>
  );
}
