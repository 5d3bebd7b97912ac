/** The empty new chat: a greeting and a few ideas to start with. */
import type { ReactNode } from 'react';
import { FlameIcon } from '#web/lib/icons';

const suggestions = [
  'Plan a week of easy family dinners',
  'Explain how rainbows form to a seven-year-old',
  'Help me write a birthday message for Grandma',
  'Ideas for a rainy-day indoor activity',
];

function greeting(): string {
  const h = new Date().getHours();
  if (h < 5) return 'Good night';
  if (h < 12) return 'Good morning';
  if (h < 18) return 'Good afternoon';
  return 'Good evening';
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
  return (
    <div className="welcome" data-testid="welcome">
      <span className="welcome-logo">
        <FlameIcon size={28} />
      </span>
      <h2>
        {greeting()}, {name}
      </h2>
      <p className="welcome-sub">What would you like to talk about?</p>
      {notice}
      {onSuggest && (
        <div className="suggestions">
          {suggestions.map((s) => (
            <button key={s} type="button" className="suggestion" data-testid="suggestion" onClick={() => onSuggest(s)}>
              {s}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}

/** Grey placeholders while a conversation loads. */
export function MessagesSkeleton() {
  return (
    <div className="messages-wrap" aria-busy="true" aria-label="Loading messages">
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
