/** Sign-in: username and password, with clear answers for wrong details and rate limiting. */
import { useState, type FormEvent } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { ApiError } from '#common/api-client';
import { api } from '#web/lib/api';
import { errorText } from '#web/lib/errors';
import { keys } from '#web/lib/keys';
import { navigate } from '#web/lib/router';
import { AuthLayout } from './AuthLayout';
import { acceptSession } from './session';
import { PasskeyLoginButton } from '#web/features/settings/PasskeyLoginButton';
import { prefilledUsername } from '#web/features/firstrun/links';

function loginError(err: unknown): string {
  if (err instanceof ApiError) {
    if (err.code === 'invalid_credentials') return 'That username and password don’t match. Check them and try again.';
    if (err.code === 'rate_limited') {
      const wait = err.retryAfter
        ? ` Try again in ${Math.max(1, Math.ceil(err.retryAfter / 60))} minute${err.retryAfter > 60 ? 's' : ''}.`
        : ' Try again later.';
      return `Too many sign-in attempts.${wait}`;
    }
  }
  return errorText(err);
}

/** Where to go after signing in: `next` when it is a same-origin path, else home. */
const safeNext = (next: string | null) => (next && next.startsWith('/') && !next.startsWith('//') ? next : '/');

/** Props: where to go after signing in (a same-origin path). */
export function LoginPage({ next }: { next: string | null }) {
  const [username, setUsername] = useState(() => prefilledUsername(location.search, next));
  const [password, setPassword] = useState('');
  const setup = useQuery({ queryKey: keys.setup, queryFn: () => api.setupStatus(), retry: false });
  const login = useMutation({
    mutationFn: () => api.login({ username, password }),
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
    <AuthLayout title="Sign in" subtitle="Welcome back to your household’s chat.">
      {setup.data?.needed && (
        <div className="notice notice-warn" role="status">
          Hearth isn’t set up yet. Open the one-time setup link printed in the server’s log to create the first admin
          account.
        </div>
      )}
      <form onSubmit={submit} noValidate>
        {login.isError && (
          <div className="notice notice-error" role="alert" data-testid="login-error">
            {loginError(login.error)}
          </div>
        )}
        <div className="field">
          <label htmlFor="login-username">Username</label>
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
          <label htmlFor="login-password">Password</label>
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
          {login.isPending ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      <PasskeyLoginButton onSignedIn={() => navigate(safeNext(next), { replace: true })} />
      <p className="auth-foot">Accounts are made by your household’s admin. Forgot your password? Ask them.</p>
    </AuthLayout>
  );
}
