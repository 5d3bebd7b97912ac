/**
 * Settings → Notifications: a clear button to allow browser notifications for people chat
 * (the browser asks only then, never on page load), or plain words on why they cannot work
 * here — most often because Hearth is opened over plain http:// on the home network.
 */
import { useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { Badge, Section } from '#web/lib/ui/Section';
import { InsecureAppNote } from '#web/features/a11y/InsecureAppNote';
import { askPermission, notifyState, type NotifyState } from './notify';

/** The section (no props). */
export function NotificationsSection() {
  const { t } = useTranslation('messaging');
  const [state, setState] = useState<NotifyState>(notifyState);
  const [asking, setAsking] = useState(false);
  let body: React.ReactNode;
  if (state === 'insecure') {
    body = (
      <div className="notice notice-warn" data-testid="notifications-insecure">
        <p>
          <Trans
            t={t}
            i18nKey="notifications.insecure"
            values={{ origin: location.origin }}
            components={{ strong: <strong /> }}
          />
        </p>
        <p>{t('notifications.insecureHow')}</p>
      </div>
    );
  } else if (state === 'unsupported') {
    body = <p data-testid="notifications-unsupported">{t('notifications.unsupported')}</p>;
  } else if (state === 'denied') {
    body = <p data-testid="notifications-denied">{t('notifications.denied')}</p>;
  } else if (state === 'granted') {
    body = (
      <p data-testid="notifications-on">
        <Badge tone="ok">{t('notifications.on')}</Badge> {t('notifications.granted')}
      </p>
    );
  } else {
    body = (
      <>
        <p>{t('notifications.ask')}</p>
        <button
          type="button"
          className="btn btn-primary"
          data-testid="allow-notifications"
          disabled={asking}
          onClick={() => {
            setAsking(true);
            void askPermission()
              .then(setState)
              .finally(() => setAsking(false));
          }}
        >
          {t('notifications.allow')}
        </button>
      </>
    );
  }
  return (
    <Section
      title={t('notifications.title')}
      description={t('notifications.description')}
      testId="notifications-section"
    >
      {body}
      <InsecureAppNote />
    </Section>
  );
}
