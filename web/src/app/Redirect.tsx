/** Small pieces the signed-out and signed-in halves of the app share. */
import { useEffect } from 'react';
import { navigate } from '#web/lib/router';

/** The loading state while a page's code or the session arrives. */
export const splash = (
  <div className="splash" aria-busy="true">
    <span className="spinner" aria-label="Loading" />
  </div>
);

/** Replaces the location after render (navigation is a side effect). */
export function Redirect({ to }: { to: string }) {
  useEffect(() => navigate(to, { replace: true }), [to]);
  return null;
}
