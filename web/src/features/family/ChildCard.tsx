/** One supervised member on the Family page: today, usage, flags, transcripts and every control. */
import { useTranslation } from 'react-i18next';
import type { FamilyEntry } from '#common/family';
import { useUser } from '#web/features/auth/session';
import { Badge } from '#web/lib/ui/Section';
import { ControlsForm } from './ControlsForm';
import { FlagsList } from './FlagsList';
import { nameOf } from './format';
import { TodayPanel } from './TodayPanel';
import { TranscriptViewer } from './TranscriptViewer';
import { UsageChart } from './UsageChart';

type Props = {
  entry: FamilyEntry;
  /** The conversation open in the transcript viewer (from the address), if it is this member's. */
  openConversation: string | null;
  onOpenConversation: (conversationId: string | null) => void;
};

/** Props: see Props. */
export function ChildCard({ entry, openConversation, onOpenConversation }: Props) {
  const { t } = useTranslation('family');
  const me = useUser();
  const name = nameOf(entry.user);
  const isGuardian = entry.guardians.some((g) => g.id === me.id);
  const transcripts = entry.controls.fullTranscripts;
  const headingId = `family-child-${entry.user.id}`;
  return (
    <section
      className="card family-card"
      aria-labelledby={headingId}
      data-testid="family-card"
      data-username={entry.user.username}
    >
      <div className="card-head">
        <div className="card-titles">
          <h2 className="card-title" id={headingId}>
            {name}{' '}
            {entry.unreviewedFlags > 0 && (
              <Badge tone="danger" testId="card-unreviewed">
                {t('flags.unreviewed', { count: entry.unreviewedFlags })}
              </Badge>
            )}
          </h2>
          <p className="card-desc" data-testid="card-guardians">
            {entry.guardians.length === 0
              ? t('card.noGuardians')
              : t('card.guardians', { names: entry.guardians.map(nameOf).join(', ') })}
          </p>
        </div>
      </div>

      <h3 className="family-h3">{t('card.today')}</h3>
      <TodayPanel entry={entry} />

      <h3 className="family-h3">{t('card.usage')}</h3>
      <UsageChart childId={entry.user.id} />

      <h3 className="family-h3">{t('card.flags')}</h3>
      {isGuardian ? (
        <FlagsList
          childId={entry.user.id}
          transcripts={transcripts}
          onOpenConversation={(id) => onOpenConversation(id)}
        />
      ) : (
        // The flagged words are the child's own: only their guardians read them (the child is told so).
        <p className="hint" data-testid="flags-guardians-only">
          {t('flags.guardiansOnly', { name })}
        </p>
      )}

      {transcripts && isGuardian && (
        <>
          <h3 className="family-h3">{t('card.transcripts')}</h3>
          <TranscriptViewer childId={entry.user.id} openId={openConversation} onOpen={onOpenConversation} />
        </>
      )}

      <h3 className="family-h3">{t('card.controls')}</h3>
      <ControlsForm entry={entry} isGuardian={isGuardian} />
    </section>
  );
}
