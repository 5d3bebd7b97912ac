/**
 * What a supervised member sees when the family-safety filter stops something: a reply it cut
 * (status `blocked`) or their own message it did not send (422 `content_blocked`). Kind, plain
 * words; for self-harm, a caring note with where to get help. The words are the `filter`
 * namespace's (the server's own English sentence is only the fallback of other clients).
 */
import { useTranslation } from 'react-i18next';
import { ApiError } from '#common/api-client';
import './filter.css';

const INPUT_CATEGORIES = new Set(['profanity', 'sexual', 'violence', 'contact_details', 'self_harm', 'moderation']);

/** Where to get help: shown with anything that sounded like self-harm. */
export function HelpNote() {
  const { t } = useTranslation('filter');
  return (
    <div className="filter-help" data-testid="filter-help">
      <p>
        <strong>{t('help.title')}</strong> {t('help.text')}
      </p>
      <ul>
        <li>{t('help.de')}</li>
        <li>{t('help.uk')}</li>
        <li>{t('help.us')}</li>
      </ul>
    </div>
  );
}

/** A reply the filter stopped: the safe replacement, and help when it was about self-harm. */
export function BlockedReply({ category }: { category?: string | undefined }) {
  const { t } = useTranslation('filter');
  return (
    <div className="notice msg-blocked" role="status" data-testid="message-blocked">
      <p>{t('reply.blocked')}</p>
      {category === 'self_harm' && <HelpNote />}
    </div>
  );
}

/** The member's own message was not sent: why, that their words are kept, and help for self-harm. */
export function ContentBlockedNotice({ category }: { category?: string | undefined }) {
  const { t } = useTranslation('filter');
  const key = category && INPUT_CATEGORIES.has(category) ? category : 'other';
  return (
    <div data-testid="content-blocked" data-category={category ?? ''}>
      <p>{t(`input.${key}`)}</p>
      {category === 'self_harm' && <HelpNote />}
      <p className="filter-kept">{t('kept')}</p>
    </div>
  );
}

/** The category of a send the filter refused (422 `content_blocked`); undefined for any other failure. */
export function blockedCategory(err: unknown): { blocked: string } | undefined {
  if (err instanceof ApiError && err.code === 'content_blocked') return { blocked: err.facts.category ?? 'other' };
  return undefined;
}
