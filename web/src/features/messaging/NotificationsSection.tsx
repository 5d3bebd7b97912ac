/**
 * Settings → Notifications: a clear button to allow browser notifications for people chat
 * (the browser asks only then, never on page load), or plain words on why they cannot work
 * here — most often because Hearth is opened over plain http:// on the home network.
 */
import { useState } from 'react';
import { Badge, Section } from '#web/lib/ui/Section';
import { InsecureAppNote } from '#web/features/a11y/InsecureAppNote';
import { askPermission, notifyState, type NotifyState } from './notify';

/** The section (no props). */
export function NotificationsSection() {
  const [state, setState] = useState<NotifyState>(notifyState);
  const [asking, setAsking] = useState(false);
  let body: React.ReactNode;
  if (state === 'insecure') {
    body = (
      <div className="notice notice-warn" data-testid="notifications-insecure">
        <p>
          This browser only shows notifications for sites opened securely. Hearth is open at{' '}
          <strong>{location.origin}</strong>, which is not.
        </p>
        <p>
          To get notifications, open Hearth over HTTPS (an https:// address — ask whoever set Hearth up), or on this
          computer at http://localhost. Messages still arrive here and the unread count shows in the tab’s title.
        </p>
      </div>
    );
  } else if (state === 'unsupported') {
    body = (
      <p data-testid="notifications-unsupported">
        This browser can’t show notifications. Unread counts still show in the tab’s title.
      </p>
    );
  } else if (state === 'denied') {
    body = (
      <p data-testid="notifications-denied">
        Notifications are blocked for Hearth in this browser. To allow them, open the site settings (the icon left of
        the address) and set Notifications to Allow, then reload this page.
      </p>
    );
  } else if (state === 'granted') {
    body = (
      <p data-testid="notifications-on">
        <Badge tone="ok">On</Badge> While Hearth’s tab is in the background, you get a notification for new messages and
        mentions (not for muted rooms). Click one to open the room.
      </p>
    );
  } else {
    body = (
      <>
        <p>Get a notification for new messages and mentions while Hearth’s tab is in the background.</p>
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
          Allow notifications
        </button>
      </>
    );
  }
  return (
    <Section title="Notifications" description="For people chat, on this device only." testId="notifications-section">
      {body}
      <InsecureAppNote />
    </Section>
  );
}
