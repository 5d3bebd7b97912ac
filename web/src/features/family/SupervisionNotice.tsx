/**
 * What a supervised member is always told: who their guardians are, exactly what those can see
 * (from `GET /api/me/supervision`, the same facts the server enforces), and what is left today.
 * `SupervisionNotice` sits in the side column; `SupervisionLine` is the one line in the chat.
 */
import { useTranslation } from 'react-i18next';
import type { SupervisionReply } from '#common/family';
import { useUser } from '#web/features/auth/session';
import { useSupervision } from './family';
import { formatNumber, nameOf } from './format';
import './family.css';

/** "7 of 20 messages left today" lines, for the budgets that are set. */
function useLeftToday(s: SupervisionReply | undefined): string[] {
  const { t } = useTranslation('family');
  if (!s?.controls || !s.today) return [];
  const lines: string[] = [];
  const { dailyMessages, dailyTokens } = s.controls;
  if (dailyMessages !== null && s.today.remaining.messages !== null)
    lines.push(
      t('child.messagesLeft', { count: s.today.remaining.messages, n: formatNumber(s.today.remaining.messages) }),
    );
  if (dailyTokens !== null && s.today.remaining.tokens !== null)
    lines.push(t('child.tokensLeft', { n: formatNumber(s.today.remaining.tokens) }));
  return lines;
}

function guardianNames(s: SupervisionReply): string {
  return s.guardians.map(nameOf).join(', ');
}

/** The side column's notice (renders nothing for an account that is not supervised). */
export function SupervisionNotice() {
  const { t } = useTranslation('family');
  const user = useUser();
  const supervision = useSupervision();
  const left = useLeftToday(supervision.data);
  const s = supervision.data;
  if (!user.supervised || !s?.supervised) return null;
  return (
    <aside className="supervision-notice" aria-label={t('child.title')} data-testid="supervision-notice">
      <p className="supervision-title">
        {s.guardians.length > 0 ? t('child.guardians', { names: guardianNames(s) }) : t('child.noGuardians')}
      </p>
      <ul className="supervision-list">
        {s.canSee.usage && <li data-testid="sees-usage">{t('child.seesUsage')}</li>}
        {s.canSee.flags && <li data-testid="sees-flags">{t('child.seesFlags')}</li>}
        <li data-testid="sees-transcripts" data-on={s.canSee.transcripts ? 'true' : 'false'}>
          {s.canSee.transcripts ? t('child.seesTranscripts') : t('child.noTranscripts')}
        </li>
        <li>{t('child.neverPeople')}</li>
      </ul>
      {left.length > 0 && (
        <p className="supervision-left" data-testid="supervision-left">
          {left.join(' · ')}
        </p>
      )}
    </aside>
  );
}

/** One line under the chat: who sees what, and what is left today. */
export function SupervisionLine() {
  const { t } = useTranslation('family');
  const user = useUser();
  const supervision = useSupervision();
  const left = useLeftToday(supervision.data);
  const s = supervision.data;
  if (!user.supervised || !s?.supervised) return null;
  return (
    <p className="supervision-line" data-testid="supervision-line">
      {s.canSee.transcripts
        ? t('child.lineTranscripts', { names: guardianNames(s) || t('child.yourGuardians') })
        : t('child.line', { names: guardianNames(s) || t('child.yourGuardians') })}
      {left.length > 0 && ` · ${left.join(' · ')}`}
    </p>
  );
}
