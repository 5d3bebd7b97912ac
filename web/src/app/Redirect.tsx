/** Small pieces the signed-out and signed-in halves of the app share. */
import { useEffect } from 'react';
import { navigate } from '#web/lib/router';
import { i18next } from '#web/lib/i18n';

/** The loading state while a page's code, its words or the session arrive. */
function Splash() {
  // Not useTranslation: the splash shows while words load, and must never wait for them itself.
  return (
    <div className="splash" aria-busy="true">
      <span className="spinner" aria-label={i18next.t('common:loading')} />
    </div>
  );
}

/** The splash element, for Suspense fallbacks. */
export const splash = <Splash />;

/** Replaces the location after render (navigation is a side effect). */
export function Redirect({ to }: { to: string }) {
  useEffect(() => navigate(to, { replace: true }), [to]);
  return null;
}
