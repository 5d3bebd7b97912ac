/**
 * The first-run guide's place on the admin's empty new chat. The guide (with the admin console's
 * dialogs it reuses) is its own chunk, loaded for admins only: members never download it.
 */
import { lazy, Suspense } from 'react';
import { useUser } from '#web/features/auth/session';
import { loadWords } from '#web/lib/i18n';

// The guide's dialogs (add a model server, add a member) speak the admin pages' words.
const FirstRunGuide = lazy(() =>
  Promise.all([import('./FirstRunGuide'), loadWords(['connections', 'users'])]).then(([m]) => m),
);

/** Props: none; renders nothing for members. */
export function FirstRun() {
  const user = useUser();
  if (user.role !== 'admin') return null;
  return (
    <Suspense fallback={null}>
      <FirstRunGuide />
    </Suspense>
  );
}
