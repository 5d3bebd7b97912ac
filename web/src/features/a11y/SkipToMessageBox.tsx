/**
 * "Skip to the message box": the first thing a keyboard reaches on the chat screen, hidden until
 * focused. It jumps past the chat list and the header straight into the composer (issue 15.9).
 */
import type { MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import './a11y.css';

/** The composer of the chat or room on screen (both use the same class). */
const composer = () => document.querySelector<HTMLTextAreaElement>('main .composer-input');

function skip(e: MouseEvent<HTMLAnchorElement>) {
  e.preventDefault();
  const box = composer();
  if (!box) return;
  box.focus();
  box.scrollIntoView({ block: 'nearest' });
}

/** Props: none. Render as the first child of the signed-in layout. */
export function SkipToMessageBox() {
  const { t } = useTranslation();
  return (
    // The href is the main area (where the box is); the click puts the focus in the box itself.
    <a href="#main-content" className="skip-link" data-testid="skip-to-message-box" onClick={skip}>
      {t('skipToMessageBox')}
    </a>
  );
}
