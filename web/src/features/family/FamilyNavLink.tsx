/**
 * The Family entry in the side column, for admins and for anyone who looks after a supervised
 * member, with the number of flags not yet reviewed.
 */
import { useTranslation } from 'react-i18next';
import { onLinkClick } from '#web/lib/router';
import { useShowsFamily, useUnreviewedTotal } from './family';
import { familyPath } from './paths';

/** Props: `onNavigate` closes the phone drawer. */
export function FamilyNavLink({ onNavigate }: { onNavigate?: () => void }) {
  const { t } = useTranslation('family');
  const shows = useShowsFamily();
  const unreviewed = useUnreviewedTotal();
  if (!shows) return null;
  const href = familyPath();
  return (
    <div className="app-nav family-nav-row">
      <a
        href={href}
        className="app-nav-tab family-nav"
        data-testid="nav-family"
        onClick={(e) => {
          onLinkClick(e, href);
          onNavigate?.();
        }}
      >
        {t('nav.family')}
        {unreviewed > 0 && (
          <span
            className="count-badge is-mention"
            data-testid="nav-family-badge"
            aria-label={t('nav.unreviewed', { count: unreviewed })}
          >
            {unreviewed > 99 ? '99+' : unreviewed}
          </span>
        )}
      </a>
    </div>
  );
}
