/**
 * What the content filter flagged for one supervised member: the text, whose words they were
 * (their own message or the assistant's reply to them), the category in plain words, when, a
 * link to the conversation while full transcripts are on, and "Mark reviewed".
 */
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { SafetyFlag } from '#common/family';
import { api } from '#web/lib/api';
import { errorText } from '#web/lib/errors';
import { queryClient } from '#web/lib/queryClient';
import { familyKeys, refreshFamily } from './family';
import { formatWhen } from './format';

type Props = {
  childId: string;
  /** Full transcripts are on: a flag links to its conversation. */
  transcripts: boolean;
  onOpenConversation: (conversationId: string) => void;
};

function FlagItem({ flag, childId, transcripts, onOpenConversation }: Props & { flag: SafetyFlag }) {
  const { t } = useTranslation('family');
  const review = useMutation({
    mutationFn: () => api.familyReviewFlag(childId, flag.id),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: familyKeys.flags(childId) });
      refreshFamily(); // the unreviewed count on the badge
    },
  });
  const urgent = flag.category === 'self_harm';
  return (
    <li
      className={`flag${urgent ? ' flag-urgent' : ''}${flag.reviewedAt ? ' flag-reviewed' : ''}`}
      data-testid="family-flag"
      data-category={flag.category}
      data-reviewed={flag.reviewedAt ? 'true' : 'false'}
    >
      <div className="flag-head">
        <strong className="flag-category">{t(`category.${flag.category}`)}</strong>
        <span className="flag-direction">{t(`direction.${flag.direction}`)}</span>
        <time dateTime={flag.at} className="flag-time">
          {formatWhen(flag.at)}
        </time>
      </div>
      {urgent && <p className="flag-urgent-note">{t('flags.urgentNote')}</p>}
      <blockquote className="flag-text" data-testid="flag-text">
        {flag.excerpt}
      </blockquote>
      <div className="form-actions">
        {flag.conversationId && transcripts && (
          <button
            type="button"
            className="btn btn-sm"
            data-testid="flag-open-conversation"
            onClick={() => onOpenConversation(flag.conversationId!)}
          >
            {t('flags.openConversation')}
          </button>
        )}
        {flag.roomId && <span className="hint">{t('flags.inPeopleChat')}</span>}
        {flag.reviewedAt ? (
          <span className="hint" data-testid="flag-reviewed">
            {t('flags.reviewedAt', { when: formatWhen(flag.reviewedAt) })}
          </span>
        ) : (
          <button
            type="button"
            className="btn btn-sm"
            data-testid="flag-review"
            disabled={review.isPending}
            onClick={() => review.mutate()}
          >
            {t('flags.markReviewed')}
          </button>
        )}
        {review.isError && (
          <span className="field-error" role="alert">
            {errorText(review.error)}
          </span>
        )}
      </div>
    </li>
  );
}

/** Props: see Props. */
export function FlagsList(props: Props) {
  const { t } = useTranslation('family');
  const flags = useQuery({
    queryKey: familyKeys.flags(props.childId),
    queryFn: () => api.familyFlags(props.childId, { limit: 50 }),
  });
  if (flags.isPending) return <p className="hint">{t('flags.loading')}</p>;
  if (flags.isError)
    return (
      <p className="field-error" role="alert">
        {t('flags.error', { reason: errorText(flags.error) })}
      </p>
    );
  if (flags.data.items.length === 0)
    return (
      <p className="hint" data-testid="flags-none">
        {t('flags.none')}
      </p>
    );
  return (
    <ul className="flags" data-testid="family-flags">
      {flags.data.items.map((f) => (
        <FlagItem key={f.id} flag={f} {...props} />
      ))}
    </ul>
  );
}
