/**
 * A reply that waits for its turn on the model server (the fair queue): how many are ahead, and
 * Cancel, which takes it out of the queue (the same Stop as for a running reply).
 */
import { useTranslation } from 'react-i18next';
import { useChat } from './ChatContext';
import './queue.css';

type Props = {
  conversationId: string;
  messageId: string;
  /** How many waiting messages are ahead of this one. */
  position: number;
};

/** Props: see Props. */
export function QueuedNote({ conversationId, messageId, position }: Props) {
  const { t } = useTranslation('queue');
  const chat = useChat();
  return (
    <div className="queued-note" data-testid="queued-note" role="status">
      <span data-testid="queued-text">{position === 0 ? t('waitingNext') : t('waiting', { count: position })}</span>
      <button
        type="button"
        className="btn btn-sm"
        data-testid="queued-cancel"
        aria-label={t('cancelLabel')}
        onClick={() => void chat.stopReply(conversationId, messageId).catch(() => {})}
      >
        {t('cancel')}
      </button>
    </div>
  );
}
