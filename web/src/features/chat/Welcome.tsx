/** The empty new chat: a greeting and a few ideas to start with. */
import type { ReactNode } from 'react';
import { FlameIcon } from '#web/lib/icons';
import { useTranslation } from 'react-i18next';

/** The ideas offered, by their keys in the chat namespace. */
const suggestions = ['suggestDinners', 'suggestRainbows', 'suggestBirthday', 'suggestRainyDay'] as const;

/** The greeting's key for the hour of the day. */
function greeting(): 'goodNight' | 'goodMorning' | 'goodAfternoon' | 'goodEvening' {
  const h = new Date().getHours();
  if (h < 5) return 'goodNight';
  if (h < 12) return 'goodMorning';
  if (h < 18) return 'goodAfternoon';
  return 'goodEvening';
}

type Props = {
  name: string;
  /** Fills the composer with a suggestion; omitted when sending is impossible. */
  onSuggest?: (text: string) => void;
  /** Shown under the greeting (e.g. why no model is available). */
  notice?: ReactNode;
};

/** Props: see Props. */
export function Welcome({ name, onSuggest, notice }: Props) {
  const { t } = useTranslation('chat');
  return (
    <div className="welcome" data-testid="welcome">
      <span className="welcome-logo">
        <FlameIcon size={28} />
      </span>
      <h2>{t(greeting(), { name })}</h2>
      <p className="welcome-sub">{t('welcomeQuestion')}</p>
      {notice}
      {onSuggest && (
        <div className="suggestions">
          {suggestions.map((key) => (
            <button
              key={key}
              type="button"
              className="suggestion"
              data-testid="suggestion"
              onClick={() => onSuggest(t(key))}
            >
              {t(key)}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}

/** Grey placeholders while a conversation loads. */
export function MessagesSkeleton() {
  const { t } = useTranslation('chat');
  return (
    <div className="messages-wrap" aria-busy="true" aria-label={t('loadingMessages')}>
      <div className="messages">
        <div className="messages-inner">
          <div className="msg msg-user">
            <span className="skeleton bubble-skeleton" style={{ width: '40%' }} />
          </div>
          <div className="msg msg-assistant">
            <span className="skeleton line-skeleton" style={{ width: '90%' }} />
            <span className="skeleton line-skeleton" style={{ width: '75%' }} />
            <span className="skeleton line-skeleton" style={{ width: '55%' }} />
          </div>
        </div>
      </div>
    </div>
  );
}
