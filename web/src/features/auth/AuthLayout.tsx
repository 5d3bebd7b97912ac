/** The centred card around the sign-in and setup forms. */
import type { ReactNode } from 'react';
import { FlameIcon } from '#web/lib/icons';
import { PRODUCT_NAME } from '#web/lib/brand';
import './auth.css';

/** Props: the card's heading, an optional line under it, and the form. */
export function AuthLayout({ title, subtitle, children }: { title: string; subtitle?: string; children?: ReactNode }) {
  return (
    <main className="auth-page">
      <div className="auth-card">
        <div className="auth-brand">
          <span className="auth-logo">
            <FlameIcon size={22} />
          </span>
          <span>{PRODUCT_NAME}</span>
        </div>
        <h1>{title}</h1>
        {subtitle && <p className="auth-subtitle">{subtitle}</p>}
        {children}
      </div>
    </main>
  );
}
