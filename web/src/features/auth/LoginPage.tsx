/** Sign-in: username and password, with clear answers for wrong details and rate limiting. */
import { useState, type FormEvent } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { ApiError } from '#common/api-transport';
import { authApi } from '#web/lib/auth-api';
import { errorText } from '#web/lib/errors';
import { keys } from '#web/lib/keys';
import { navigate } from '#web/lib/router';
import { AuthLayout } from './AuthLayout';
import { acceptSession } from './session';
import { PasskeyLoginButton } from '#web/features/settings/PasskeyLoginButton';
import { prefilledUsername } from '#web/features/firstrun/links';

function loginError(err: unknown, t: TFunction<'auth'>): string {
  if (err instanceof ApiError) {
    if (err.code === 'invalid_credentials') return t('wrongDetails');
    if (err.code === 'rate_limited') {
      return err.retryAfter
        ? t('tooManyAttemptsWait', { count: Math.max(1, Math.ceil(err.retryAfter / 60)) })
        : t('tooManyAttempts');
    }
  }
  return errorText(err);
}

/** Where to go after signing in: `next` when it is a same-origin path, else home. */
const safeNext = (next: string | null) => (next && next.startsWith('/') && !next.startsWith('//') ? next : '/');

/** Props: where to go after signing in (a same-origin path). */
export function LoginPage({ next }: { next: string | null }) {
  const { t } = useTranslation('auth');
  const [username, setUsername] = useState(() => prefilledUsername(location.search, next));
  const [password, setPassword] = useState('');
  const setup = useQuery({ queryKey: keys.setup, queryFn: () => authApi.setupStatus(), retry: false });
  const login = useMutation({
    mutationFn: () => authApi.login({ username, password }),
    onSuccess: (session) => {
      acceptSession(session);
      navigate(safeNext(next), { replace: true });
    },
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!login.isPending) login.mutate();
  };

  return (
    <AuthLayout title={t('signIn')} subtitle={t('welcomeBack')}>
      {setup.data?.needed && (
        <div className="notice notice-warn" role="status">
          {t('notSetUp')}
        </div>
      )}
      <form onSubmit={submit} noValidate>
        {login.isError && (
          <div className="notice notice-error" role="alert" data-testid="login-error">
            {loginError(login.error, t)}
          </div>
        )}
        <div className="field">
          <label htmlFor="login-username">{t('username')}</label>
          <input
            id="login-username"
            className="input"
            data-testid="login-username"
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            autoFocus={!username}
            required
            value={username}
            onChange={(e) => setUsername(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="login-password">{t('password')}</label>
          <input
            id="login-password"
            className="input"
            data-testid="login-password"
            type="password"
            autoComplete="current-password"
            autoFocus={!!username}
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </div>
        <button
          type="submit"
          className="btn btn-primary btn-block"
          data-testid="login-submit"
          disabled={login.isPending || !username.trim() || !password}
        >
          {login.isPending ? <span className="spinner" aria-hidden="true" /> : null}
          {login.isPending ? t('signingIn') : t('signIn')}
        </button>
      </form>
      <PasskeyLoginButton onSignedIn={() => navigate(safeNext(next), { replace: true })} />
      <p className="auth-foot">{t('accountsByAdmin')}</p>
    </AuthLayout>
  );
}
