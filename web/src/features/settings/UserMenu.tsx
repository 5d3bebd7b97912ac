/** The sidebar footer: who is signed in, the theme switch, settings, the admin console and sign out. */
import { useEffect, useRef, useState } from 'react';
import { Theme } from '#common/auth';
import { LogOutIcon, ChevronDownIcon } from '#web/lib/icons';
import { signOut, useUser } from '#web/features/auth/session';
import { onLinkClick } from '#web/lib/router';
import { SettingsIcon, ShieldIcon } from '#web/lib/ui/icons';
import { setTheme } from './settings';
import './settings.css';
import { useTranslation } from 'react-i18next';

/** The themes' names: keys in the settings namespace. */
const themeLabels: Record<Theme, string> = { system: 'themeSystem', light: 'themeLight', dark: 'themeDark' };

/** The user menu (no props: reads the session). */
export function UserMenu() {
  const { t } = useTranslation('settings');
  const user = useUser();
  const [open, setOpen] = useState(false);
  const [saveError, setSaveError] = useState(false);
  const rootRef = useRef<HTMLDivElement>(null);
  const initials = (user.displayName || user.username)
    .split(/\s+/)
    .map((w) => w[0] ?? '')
    .join('')
    .slice(0, 2)
    .toUpperCase();

  useEffect(() => {
    if (!open) return;
    const onDown = (e: PointerEvent) => {
      if (!rootRef.current?.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') setOpen(false);
    };
    document.addEventListener('pointerdown', onDown);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('pointerdown', onDown);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

  return (
    <div className="user-menu" ref={rootRef}>
      {open && (
        <div className="user-popover" id="user-popover">
          <label className="user-row" htmlFor="theme-select">
            <span>{t('theme')}</span>
            <select
              id="theme-select"
              className="theme-select"
              data-testid="theme-select"
              value={user.settings.theme}
              onChange={(e) => {
                const theme = Theme.parse(e.target.value);
                setSaveError(false);
                setTheme(theme).catch(() => setSaveError(true));
              }}
            >
              {Theme.options.map((theme) => (
                <option key={theme} value={theme}>
                  {t(themeLabels[theme])}
                </option>
              ))}
            </select>
          </label>
          {saveError && <p className="user-note">{t('appliedNotSaved')}</p>}
          <a
            href="/settings"
            className="user-link"
            data-testid="open-settings"
            onClick={(e) => onLinkClick(e, '/settings')}
          >
            <SettingsIcon size={16} /> {t('title')}
          </a>
          {user.role === 'admin' && (
            <a href="/admin" className="user-link" data-testid="open-admin" onClick={(e) => onLinkClick(e, '/admin')}>
              <ShieldIcon size={16} /> {t('adminConsole')}
            </a>
          )}
          <button type="button" className="user-signout" data-testid="sign-out" onClick={() => void signOut()}>
            <LogOutIcon size={16} /> {t('signOut')}
          </button>
        </div>
      )}
      <button
        type="button"
        className="user-button"
        data-testid="user-menu"
        aria-expanded={open}
        aria-controls="user-popover"
        onClick={() => setOpen((o) => !o)}
      >
        <span className="avatar" aria-hidden="true">
          {initials}
        </span>
        <span className="user-names">
          <span className="user-display">{user.displayName || user.username}</span>
          <span className="user-sub">
            @{user.username}
            {user.role === 'admin' ? ` · ${t('adminRole')}` : ''}
          </span>
        </span>
        <ChevronDownIcon size={16} className={open ? 'flip' : undefined} />
      </button>
    </div>
  );
}
