/**
 * On a page that is not a secure context: what of "Hearth as an app" the browser turns off here
 * (installing it, opening it while the server is unreachable, the unread count on its icon), and
 * the one setting that turns it on. Nothing on a secure page.
 */
import { useTranslation } from 'react-i18next';
import { isSecurePage } from './secureContext';

/** Props: none. */
export function InsecureAppNote() {
  const { t } = useTranslation('a11y');
  if (isSecurePage()) return null;
  return (
    <p className="notice notice-warn section-note" role="note" data-testid="insecure-app-note">
      {t('insecure.app', { origin: location.origin })}
    </p>
  );
}
