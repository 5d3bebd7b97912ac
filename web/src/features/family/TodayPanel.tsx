/** Today's use of a supervised member, what is left of the budgets, and "give 10 more" for today. */
import { useTranslation } from 'react-i18next';
import type { FamilyEntry } from '#common/family';
import { errorText } from '#web/lib/errors';
import { useGiveExtra } from './family';
import { formatNumber } from './format';

const MORE_MESSAGES = 10;
const MORE_TOKENS = 10_000;

/** Props: the member's entry. */
export function TodayPanel({ entry }: { entry: FamilyEntry }) {
  const { t } = useTranslation('family');
  const give = useGiveExtra(entry.user.id);
  const { today, controls } = entry;
  const left = (n: number | null) => (n === null ? t('today.noLimit') : formatNumber(n));
  return (
    <div className="family-today" data-testid="family-today">
      <dl className="family-stats">
        <div className="family-stat">
          <dt className="family-stat-label">{t('today.messages')}</dt>
          <dd className="family-stat-value" data-testid="today-messages">
            {formatNumber(today.messages)}
          </dd>
          <dd className="family-stat-sub" data-testid="today-messages-left">
            {controls.dailyMessages === null
              ? t('today.noMessageLimit')
              : t('today.left', { left: left(today.remaining.messages), limit: formatNumber(controls.dailyMessages) })}
            {today.extraMessages > 0 && ` · ${t('today.extra', { n: formatNumber(today.extraMessages) })}`}
          </dd>
        </div>
        <div className="family-stat">
          <dt className="family-stat-label">{t('today.tokens')}</dt>
          <dd className="family-stat-value" data-testid="today-tokens">
            {formatNumber(today.tokens)}
          </dd>
          <dd className="family-stat-sub" data-testid="today-tokens-left">
            {controls.dailyTokens === null
              ? t('today.noTokenLimit')
              : t('today.left', { left: left(today.remaining.tokens), limit: formatNumber(controls.dailyTokens) })}
            {today.extraTokens > 0 && ` · ${t('today.extra', { n: formatNumber(today.extraTokens) })}`}
          </dd>
        </div>
      </dl>
      <p className="hint">{t('today.resets')}</p>
      <div className="form-actions">
        <button
          type="button"
          className="btn btn-sm"
          data-testid="give-more-messages"
          disabled={give.isPending || controls.dailyMessages === null}
          onClick={() => give.mutate({ messages: MORE_MESSAGES })}
        >
          {t('today.giveMessages', { n: MORE_MESSAGES })}
        </button>
        <button
          type="button"
          className="btn btn-sm"
          data-testid="give-more-tokens"
          disabled={give.isPending || controls.dailyTokens === null}
          onClick={() => give.mutate({ tokens: MORE_TOKENS })}
        >
          {t('today.giveTokens', { n: formatNumber(MORE_TOKENS) })}
        </button>
        {give.isSuccess && (
          <p className="saved-note" role="status" data-testid="give-more-done">
            {t('today.given')}
          </p>
        )}
        {give.isError && (
          <p className="field-error" role="alert">
            {t('today.giveError', { reason: errorText(give.error) })}
          </p>
        )}
      </div>
    </div>
  );
}
