/**
 * Full transcripts (only while a guardian turned them on): the member's AI conversations and,
 * for the one opened, its messages. Read-only, plain text: nothing here can change or send.
 */
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Message } from '#common/conversations';
import { api } from '#web/lib/api';
import { errorText } from '#web/lib/errors';
import { familyKeys } from './family';
import { formatWhen } from './format';

/** The messages of the branch on screen, oldest first (every message when no leaf is known). */
function activeBranch(messages: Message[], leafId: string | null): Message[] {
  if (!leafId) return messages;
  const byId = new Map(messages.map((m) => [m.id, m]));
  const branch: Message[] = [];
  for (let m = byId.get(leafId); m; m = m.parentId ? byId.get(m.parentId) : undefined) branch.push(m);
  return branch.reverse();
}

function Conversation({ childId, conversationId }: { childId: string; conversationId: string }) {
  const { t } = useTranslation('family');
  const detail = useQuery({
    queryKey: familyKeys.conversation(childId, conversationId),
    queryFn: () => api.familyConversation(childId, conversationId),
  });
  if (detail.isPending) return <p className="hint">{t('transcripts.loading')}</p>;
  if (detail.isError)
    return (
      <p className="field-error" role="alert">
        {t('transcripts.error', { reason: errorText(detail.error) })}
      </p>
    );
  const messages = activeBranch(detail.data.messages, detail.data.activeLeafId);
  return (
    <ol className="transcript" data-testid="transcript" aria-label={detail.data.conversation.title}>
      {messages.map((m) => (
        <li key={m.id} className={`transcript-msg transcript-${m.role}`} data-testid="transcript-message">
          <span className="transcript-who">{t(`transcripts.role.${m.role}`)}</span>
          <p className="transcript-text">{m.content || t('transcripts.empty')}</p>
        </li>
      ))}
    </ol>
  );
}

type Props = {
  childId: string;
  /** The conversation open in the viewer, or null for the list only. */
  openId: string | null;
  onOpen: (conversationId: string | null) => void;
};

/** Props: see Props. */
export function TranscriptViewer({ childId, openId, onOpen }: Props) {
  const { t } = useTranslation('family');
  const list = useQuery({
    queryKey: familyKeys.conversations(childId),
    queryFn: () => api.familyConversations(childId, { limit: 50 }),
  });
  return (
    <div className="family-transcripts" data-testid="family-transcripts">
      <p className="hint">{t('transcripts.hint')}</p>
      {list.isPending && <p className="hint">{t('transcripts.loading')}</p>}
      {list.isError && (
        <p className="field-error" role="alert">
          {t('transcripts.error', { reason: errorText(list.error) })}
        </p>
      )}
      {list.data && list.data.items.length === 0 && <p className="hint">{t('transcripts.none')}</p>}
      {list.data && list.data.items.length > 0 && (
        <ul className="transcript-list">
          {list.data.items.map((c) => (
            <li key={c.id}>
              <button
                type="button"
                className="link-button"
                data-testid="transcript-open"
                aria-expanded={openId === c.id}
                onClick={() => onOpen(openId === c.id ? null : c.id)}
              >
                {c.title}
              </button>{' '}
              <span className="hint">{formatWhen(c.updatedAt)}</span>
              {openId === c.id && <Conversation childId={childId} conversationId={c.id} />}
            </li>
          ))}
        </ul>
      )}
      {openId && !list.data?.items.some((c) => c.id === openId) && list.data && (
        <Conversation childId={childId} conversationId={openId} />
      )}
    </div>
  );
}
