/** One message: the user's plain-text bubble, or the assistant's markdown reply with its state. */
import { memo, useState } from 'react';
import type { Message } from '#common/conversations';
import { copyText } from '#web/lib/clipboard';
import { CheckIcon, CopyIcon, PencilIcon, RetryIcon } from '#web/lib/icons';
import { EditBox, type EditBoxProps } from './EditBox';
import { useUser } from '#web/features/auth/session';
import { useLiveReply } from './ChatContext';
import { VersionSwitcher, type VersionProps } from './VersionSwitcher';
import { Markdown } from './Markdown';
import { Thinking } from './Thinking';
import { HowIFoundThis, MUSIC_TOOL } from './HowIFoundThis';
import { ToolCalls } from './ToolCalls';
import { QueuedNote } from './QueuedNote';
import { useTranslation } from 'react-i18next';
import { BlockedReply } from '#web/features/filter/BlockedNotice';

/** A small "Copy" action for a message's source text. */
function CopyButton({ text, label }: { text: string; label: string }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      className="icon-btn"
      data-testid="copy-message"
      aria-label={copied ? t('copied') : label}
      title={copied ? t('copied') : label}
      onClick={() =>
        void copyText(text).then((ok) => {
          if (!ok) return;
          setCopied(true);
          setTimeout(() => setCopied(false), 1500);
        })
      }
    >
      {copied ? <CheckIcon size={16} /> : <CopyIcon size={16} />}
    </button>
  );
}

type UserProps = VersionProps & {
  message: Message;
  /** Whether the inline editor is open on this message. */
  editing?: boolean;
  /** Opens the editor; undefined while editing is impossible (a reply is being written). */
  onEditStart?: (messageId: string) => void;
  /** The editor's props, when `editing`. */
  editor?: Omit<EditBoxProps, 'messageId'>;
};

/** Props: see UserProps. */
export const UserMessage = memo(function UserMessage({
  message,
  editing,
  onEditStart,
  editor,
  versions,
  onSwitch,
}: UserProps) {
  const { t } = useTranslation('chat');
  const pending = message.id.startsWith('local-');
  return (
    <article
      className={`msg msg-user${pending ? ' is-pending' : ''}${editing ? ' is-editing' : ''}`}
      data-testid="message-user"
      data-message-id={message.id}
    >
      <h2 className="sr-only">{t('youSaid')}</h2>
      {editing && editor ? (
        <EditBox messageId={message.id} {...editor} />
      ) : (
        <>
          <div className="bubble">{message.content}</div>
          <div className="msg-actions">
            {versions && <VersionSwitcher messageId={message.id} versions={versions} onSwitch={onSwitch} />}
            <CopyButton text={message.content} label={t('copyMessage')} />
            {onEditStart && !pending && (
              <button
                type="button"
                className="icon-btn"
                data-testid="edit-message"
                aria-label={t('editMessage')}
                title={t('editMessage')}
                onClick={() => onEditStart(message.id)}
              >
                <PencilIcon size={16} />
              </button>
            )}
          </div>
        </>
      )}
    </article>
  );
});

type AssistantProps = VersionProps & {
  message: Message;
  /** Offered on the last reply once it has finished. */
  onRegenerate?: (messageId: string) => void;
  /** The last message on screen: its actions stay visible. */
  isLast?: boolean;
};

const shortModel = (id: string) => id.split('/').slice(1).join('/') || id;

/** Props: see AssistantProps. */
export const AssistantMessage = memo(function AssistantMessage({
  message,
  onRegenerate,
  isLast,
  versions,
  onSwitch,
}: AssistantProps) {
  const { t } = useTranslation('chat');
  const live = useLiveReply(message.id);
  const content = live?.content ?? message.content;
  const reasoning = live?.reasoning ?? message.reasoning ?? '';
  const status = live ? 'streaming' : message.status;
  const streaming = status === 'streaming';
  // Catalogue queries go under the answer ("How I found this"); other tools above it, as before.
  const lookups = message.toolCalls?.filter((c) => c.name === MUSIC_TOOL) ?? [];
  const otherCalls = message.toolCalls?.filter((c) => c.name !== MUSIC_TOOL) ?? [];
  // "Show replies as they are written" off: the reply appears whole when done, and a screen
  // reader hears it once then (not every few words).
  const whole = useUser().settings.streamReplies === false;
  // Only a reply seen being written is announced: an old one on screen stays quiet.
  const [sawStreaming, setSawStreaming] = useState(false);
  if (streaming && !sawStreaming) setSawStreaming(true);
  const hold = whole && streaming;

  return (
    <article
      className={`msg msg-assistant status-${status}${isLast ? ' is-last' : ''}`}
      data-testid="message-assistant"
      data-status={status}
      data-message-id={message.id}
      aria-busy={streaming}
    >
      <h2 className="sr-only">{t('assistantSaid')}</h2>
      {!hold && reasoning && <Thinking text={reasoning} streaming={streaming} answering={content.length > 0} />}
      {!hold && otherCalls.length > 0 && <ToolCalls calls={otherCalls} streaming={streaming} />}
      {!hold && content && status !== 'blocked' && <Markdown source={content} streaming={streaming} />}
      {status === 'blocked' && <BlockedReply category={message.error?.category} />}
      {!hold && lookups.length > 0 && <HowIFoundThis calls={lookups} streaming={streaming} />}
      {live?.queued !== undefined && (
        <QueuedNote conversationId={message.conversationId} messageId={message.id} position={live.queued} />
      )}
      {streaming && live?.queued === undefined && (hold || (!content && !reasoning && !message.toolCalls?.length)) && (
        <div className="typing" data-testid="typing-indicator">
          <span />
          <span />
          <span />
          <span className="sr-only">{t('assistantReplying')}</span>
        </div>
      )}
      {whole && !streaming && sawStreaming && status === 'complete' && (
        <div className="sr-only" role="status" data-testid="reply-announcement">
          {content}
        </div>
      )}
      {status === 'stopped' && <span className="badge">{t('stopped')}</span>}
      {status === 'interrupted' && <span className="badge badge-warn">{t('interrupted')}</span>}
      {status === 'error' && (
        <div className="notice notice-error msg-error" role="alert" data-testid="message-error">
          <p className="msg-error-text">{message.error?.message ?? t('couldNotAnswer')}</p>
          {/* The server sends the technical detail to admins only; a member's error has none. */}
          {message.error?.detail && (
            <details className="msg-error-details" data-testid="message-error-details">
              <summary>{t('details')}</summary>
              <p>{message.error.detail}</p>
            </details>
          )}
          {onRegenerate && (
            <button
              type="button"
              className="btn btn-sm"
              data-testid="try-again"
              onClick={() => onRegenerate(message.id)}
            >
              {t('common:tryAgain')}
            </button>
          )}
        </div>
      )}
      {!streaming && (
        <div className="msg-actions">
          {versions && <VersionSwitcher messageId={message.id} versions={versions} onSwitch={onSwitch} />}
          {content && <CopyButton text={content} label={t('copyReply')} />}
          {onRegenerate && (
            <button
              type="button"
              className="icon-btn"
              data-testid="regenerate"
              aria-label={t('regenerate')}
              title={t('regenerate')}
              onClick={() => onRegenerate(message.id)}
            >
              <RetryIcon size={16} />
            </button>
          )}
          {message.model && <span className="msg-model">{shortModel(message.model)}</span>}
        </div>
      )}
    </article>
  );
});
