/**
 * Where alerts about flags arrive: in the app, and as browser notifications once allowed from
 * here (asked only on a click). No outside push service: only while a Hearth tab is open.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { askPermission, notifyState, type NotifyState } from '#web/features/messaging/notify';

/** The card at the top of the Family page. */
export function AlertsCard() {
  const { t } = useTranslation('family');
  const [state, setState] = useState<NotifyState>(notifyState);
  return (
    <section className="card" aria-labelledby="family-alerts-title" data-testid="family-alerts">
      <h2 className="card-title" id="family-alerts-title">
        {t('alerts.title')}
      </h2>
      <p className="card-desc" data-testid="alerts-while-open">
        {t('alerts.whileOpen')}
      </p>
      <div className="form-actions family-alerts-actions">
        {state === 'default' && (
          <button
            type="button"
            className="btn"
            data-testid="family-allow-notifications"
            onClick={() => void askPermission().then(setState)}
          >
            {t('alerts.allow')}
          </button>
        )}
        <span className="hint" role="status" data-testid="family-notify-state" data-state={state}>
          {t(`alerts.state.${state}`)}
        </span>
      </div>
    </section>
  );
}
