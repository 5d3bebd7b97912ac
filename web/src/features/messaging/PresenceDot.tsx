/** A small dot for presence: green online, amber away, hollow offline (with its word for screen readers). */
import { useTranslation } from 'react-i18next';
import type { Presence } from './types';

/** Props: the presence, and the words a title tooltip shows. */
export function PresenceDot({ presence, label }: { presence: Presence; label?: string }) {
  const { t } = useTranslation('messaging');
  return (
    <span
      className={`presence-dot is-${presence}`}
      data-testid="presence-dot"
      data-presence={presence}
      title={label}
      role="img"
      aria-label={label ?? t(`presence.${presence}`)}
    />
  );
}
