/**
 * A browser notification for a flag, once the guardian allowed them from the Family page. Shown
 * while the tab is hidden, and always for an urgent (self-harm) flag. Nothing goes through an
 * outside push service, so it only works while a Hearth tab is open.
 */
import type { SafetyFlag } from '#common/family';
import { notifyState } from '#web/features/messaging/notify';
import { i18next } from '#web/lib/i18n';

/** Shows the notification if allowed; a click opens the member's card on the Family page. */
export function notifyFlag(input: { childName: string; flag: SafetyFlag; urgent: boolean; open: () => void }): void {
  const { childName, flag, urgent, open } = input;
  if (notifyState() !== 'granted') return;
  if (!urgent && document.visibilityState !== 'hidden') return; // the in-app toast is enough
  const t = i18next.getFixedT(null, 'family');
  const title = urgent ? t('toast.urgentTitle', { name: childName }) : t('toast.title', { name: childName });
  const body = `${t(`category.${flag.category}`)} · ${t(`direction.${flag.direction}`)}`;
  try {
    const n = new Notification(title, { body, tag: `family-flag-${flag.id}`, requireInteraction: urgent });
    n.onclick = () => {
      window.focus();
      open();
      n.close();
    };
  } catch {
    // Some mobile browsers allow notifications only from a service worker: the toast remains.
  }
}
