/** Building blocks of the settings and admin pages: a titled card, badges, list states. */
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '#web/lib/errors';

type SectionProps = {
  title: string;
  /** One line under the title saying what this is for. */
  description?: ReactNode;
  /** Buttons at the right of the title (e.g. "Add user"). */
  actions?: ReactNode;
  testId?: string;
  children: ReactNode;
};

/** A titled card. */
export function Section({ title, description, actions, testId, children }: SectionProps) {
  return (
    <section className="card" data-testid={testId} aria-label={title}>
      <div className="card-head">
        <div className="card-titles">
          <h2 className="card-title">{title}</h2>
          {description && <p className="card-desc">{description}</p>}
        </div>
        {actions && <div className="card-actions">{actions}</div>}
      </div>
      {children}
    </section>
  );
}

/** A small pill: "admin", "disabled", "this device". */
export function Badge({
  tone = 'neutral',
  children,
  testId,
}: {
  tone?: 'neutral' | 'accent' | 'danger' | 'warn' | 'ok';
  children: ReactNode;
  testId?: string;
}) {
  return (
    <span className={`badge badge-${tone}`} data-testid={testId}>
      {children}
    </span>
  );
}

/** Skeleton rows while a list loads. */
export function ListSkeleton({ rows = 3 }: { rows?: number }) {
  const { t } = useTranslation();
  return (
    <div className="list-skeleton" role="status" aria-busy="true" aria-label={t('loading')}>
      {Array.from({ length: rows }, (_, i) => (
        <span key={i} className="skeleton" style={{ width: `${60 + ((i * 23) % 35)}%` }} />
      ))}
    </div>
  );
}

/** A failed load with a retry button. */
export function LoadError({ error, onRetry, what }: { error: unknown; onRetry: () => void; what: string }) {
  const { t } = useTranslation();
  return (
    <div className="list-state" role="alert">
      <p>
        {t('couldNotLoad', { what })} {errorText(error)}
      </p>
      <button type="button" className="btn" onClick={onRetry}>
        {t('retry')}
      </button>
    </div>
  );
}

/** The quiet line shown when a list has nothing in it. */
export function EmptyState({ children, testId }: { children: ReactNode; testId?: string }) {
  return (
    <div className="list-state list-empty" data-testid={testId}>
      {children}
    </div>
  );
}

/** A success line that announces itself to screen readers. */
export function SavedNote({ children, testId }: { children: ReactNode; testId?: string }) {
  return (
    <p className="saved-note" role="status" data-testid={testId}>
      {children}
    </p>
  );
}
