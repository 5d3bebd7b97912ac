/**
 * The frame of the settings and admin pages: a header with the way back to the chats, and the
 * page's sections as tabs (a side column on wide screens, a scrolling strip on phones).
 */
import { useEffect, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ChevronLeftIcon } from './icons';
import { navigate, onLinkClick } from '#web/lib/router';
import './page.css';

/** One tab: its path segment and label. */
export type PageSection = { id: string; label: string; icon?: ReactNode };

type Props = {
  /** Heading of the page, e.g. "Settings". */
  title: string;
  /** Base path, e.g. "/settings"; a section lives at `${base}/${id}`. */
  base: string;
  sections: PageSection[];
  /** The open section's id. */
  current: string;
  /** data-testid prefix for the page and its tabs. */
  testId: string;
  children: ReactNode;
};

/** Props: see Props. */
export function PageFrame({ title, base, sections, current, testId, children }: Props) {
  const { t } = useTranslation();
  const active = sections.find((s) => s.id === current);
  useEffect(() => {
    document.title = `${active ? `${active.label} · ` : ''}${title} · Hearth`;
  }, [active, title]);

  return (
    <div className="page" data-testid={testId}>
      <header className="page-head">
        <a
          href="/"
          className="btn btn-ghost page-back"
          data-testid="back-to-chats"
          onClick={(e) => onLinkClick(e, '/')}
        >
          <ChevronLeftIcon size={18} /> <span>{t('chats')}</span>
        </a>
        <h1 className="page-title">{title}</h1>
      </header>
      <div className="page-body">
        <nav className="page-nav" aria-label={t('pageSections', { title })}>
          {sections.map((s) => {
            const href = `${base}/${s.id}`;
            return (
              <a
                key={s.id}
                href={href}
                className="page-tab"
                data-testid={`${testId}-tab-${s.id}`}
                aria-current={s.id === current ? 'page' : undefined}
                onClick={(e) => onLinkClick(e, href)}
              >
                {s.icon}
                {s.label}
              </a>
            );
          })}
        </nav>
        <main className="page-main" aria-label={active?.label ?? title}>
          {children}
        </main>
      </div>
    </div>
  );
}

/** Redirects `/settings` to its first section (so every section has its own address). */
export function useDefaultSection(base: string, section: string | null, ids: string[], fallback: string): string {
  const known = section !== null && ids.includes(section);
  useEffect(() => {
    if (!known) navigate(`${base}/${fallback}`, { replace: true });
  }, [known, base, fallback]);
  return known ? section : fallback;
}
