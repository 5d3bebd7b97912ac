/** "Sign-in card" for one account in the admin console's user list (the guide has its own). */
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFirstRun } from './firstrun';
import type { CardPerson } from './SignInCard';
import './firstrun.css';

const SignInCardDialog = lazy(() => import('./SignInCard'));

/** Props: whose card it is. */
export function SignInCardButton({ person }: { person: CardPerson }) {
  const { t } = useTranslation('firstrun');
  const [open, setOpen] = useState(false);
  // The server's addresses for the family, asked only once a card is opened.
  const guide = useFirstRun(open);
  return (
    <>
      <button
        type="button"
        className="signin-card-link"
        data-testid="admin-user-card"
        aria-label={t('family.cardFor', { name: person.displayName || person.username })}
        onClick={() => setOpen(true)}
      >
        {t('family.card')}
      </button>
      {open && (guide.data || guide.isError) && (
        <Suspense fallback={null}>
          <SignInCardDialog
            person={person}
            serverAddresses={guide.data?.addresses ?? []}
            onClose={() => setOpen(false)}
          />
        </Suspense>
      )}
    </>
  );
}
