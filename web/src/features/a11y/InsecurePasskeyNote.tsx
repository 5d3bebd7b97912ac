/**
 * On the sign-in page of a page that is not a secure context: one line saying why there is no
 * "Sign in with a passkey" here, instead of the button silently missing. Its words are in the
 * `a11y` namespace, fetched only on such a page, so the sign-in page's first load stays as small.
 */
import { useTranslation } from 'react-i18next';

/** Props: none. */
export function InsecurePasskeyNote() {
  const { t, ready } = useTranslation('a11y', { useSuspense: false });
  if (!ready) return null;
  return (
    <p className="hint passkey-insecure-note" role="note" data-testid="passkey-insecure-note">
      {t('insecure.passkeysSignIn')}
    </p>
  );
}
