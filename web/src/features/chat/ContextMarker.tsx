/**
 * The quiet markers of the context window: a divider above the first message the model could
 * see when it wrote the newest reply ("earlier messages are beyond what it can see"), and a note
 * under a message it saw only in part (a pasted document longer than its window).
 */
import type { Message } from '#common/conversations';
import './context-marker.css';
import { useTranslation } from 'react-i18next';

/** Where the markers go: from the newest reply that carries any. */
export type ContextMarkers = { startId: string | null; cutId: string | null };

/** The markers of the newest assistant reply in `messages` (oldest first). */
export function contextMarkers(messages: readonly Message[]): ContextMarkers {
  const reply = messages.findLast((m) => m.role === 'assistant');
  return { startId: reply?.contextStartId ?? null, cutId: reply?.contextCutId ?? null };
}

/** The divider shown above the first message the model saw. */
export function ContextDivider() {
  const { t } = useTranslation('chat');
  return (
    <div className="context-divider" role="note" data-testid="context-divider">
      <span>{t('contextDivider')}</span>
    </div>
  );
}

/** The note under a message the model saw only in part. */
export function ContextCutNote() {
  const { t } = useTranslation('chat');
  return (
    <div className="context-cut" role="note" data-testid="context-cut">
      {t('contextCut')}
    </div>
  );
}
