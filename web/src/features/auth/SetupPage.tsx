/** First run: create the first admin account with the one-time link printed at start. */
import { useState, type FormEvent } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { ApiError } from '#common/api-client';
import { Password, Username } from '#common/auth';
import { api } from '#web/lib/api';
import { errorText } from '#web/lib/errors';
import { keys } from '#web/lib/keys';
import { navigate } from '#web/lib/router';
import { AuthLayout } from './AuthLayout';
import { acceptSession } from './session';

type Fields = { username: string; displayName: string; password: string; confirm: string };
type FieldErrors = Partial<Record<keyof Fields, string>>;

function validate(f: Fields): FieldErrors {
  const errors: FieldErrors = {};
  const u = Username.safeParse(f.username);
  if (!u.success) errors.username = `Username ${u.error.issues[0]?.message ?? 'is not valid'}.`;
  const p = Password.safeParse(f.password);
  if (!p.success) errors.password = `Password ${p.error.issues[0]?.message ?? 'is not valid'}.`;
  else if (f.password !== f.confirm) errors.confirm = 'The passwords don’t match.';
  return errors;
}

/** Props: the setup token from the link (`/setup?token=…`). */
export function SetupPage({ token }: { token: string }) {
  const [fields, setFields] = useState<Fields>({ username: '', displayName: '', password: '', confirm: '' });
  const [errors, setErrors] = useState<FieldErrors>({});
  const status = useQuery({ queryKey: keys.setup, queryFn: () => api.setupStatus() });
  const setup = useMutation({
    mutationFn: () =>
      api.setup({
        token,
        username: fields.username,
        displayName: fields.displayName.trim() || undefined,
        password: fields.password,
      }),
    onSuccess: (session) => {
      acceptSession(session);
      navigate('/', { replace: true });
    },
    onError: (err) => {
      if (err instanceof ApiError && err.field && err.field in fields) setErrors({ [err.field]: err.message });
    },
  });

  const set = (k: keyof Fields) => (e: React.ChangeEvent<HTMLInputElement>) =>
    setFields({ ...fields, [k]: e.target.value });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const found = validate(fields);
    setErrors(found);
    if (Object.keys(found).length === 0) setup.mutate();
  };

  if (status.isPending) return <AuthLayout title="Setting up Hearth">Checking…</AuthLayout>;
  if (status.data && !status.data.needed) {
    return (
      <AuthLayout
        title="Hearth is already set up"
        subtitle="The first admin account exists, so this link no longer works."
      >
        <button
          type="button"
          className="btn btn-primary btn-block"
          onClick={() => navigate('/login', { replace: true })}
        >
          Go to sign in
        </button>
      </AuthLayout>
    );
  }
  if (!token) {
    return (
      <AuthLayout
        title="This setup link is incomplete"
        subtitle="Copy the whole link printed in the server’s log, including ?token=…"
      />
    );
  }

  const input = (k: keyof Fields, label: string, props: React.InputHTMLAttributes<HTMLInputElement>) => (
    <div className="field">
      <label htmlFor={`setup-${k}`}>{label}</label>
      <input
        id={`setup-${k}`}
        className="input"
        data-testid={`setup-${k}`}
        value={fields[k]}
        onChange={set(k)}
        aria-invalid={errors[k] ? true : undefined}
        aria-describedby={errors[k] ? `setup-${k}-error` : undefined}
        {...props}
      />
      {errors[k] && (
        <span id={`setup-${k}-error`} className="field-error">
          {errors[k]}
        </span>
      )}
    </div>
  );

  const generalError =
    setup.isError && !(setup.error instanceof ApiError && setup.error.field) ? errorText(setup.error) : null;
  return (
    <AuthLayout
      title="Create the first admin account"
      subtitle="This account runs Hearth: it adds the family’s accounts and model servers."
    >
      <form onSubmit={submit} noValidate>
        {generalError && (
          <div className="notice notice-error" role="alert">
            {generalError}
          </div>
        )}
        {input('username', 'Username', {
          autoComplete: 'username',
          autoCapitalize: 'none',
          spellCheck: false,
          autoFocus: true,
        })}
        {input('displayName', 'Display name (optional)', { autoComplete: 'name', placeholder: 'e.g. Alex' })}
        {input('password', 'Password', { type: 'password', autoComplete: 'new-password' })}
        {input('confirm', 'Repeat the password', { type: 'password', autoComplete: 'new-password' })}
        <button
          type="submit"
          className="btn btn-primary btn-block"
          data-testid="setup-submit"
          disabled={setup.isPending}
        >
          {setup.isPending ? 'Creating…' : 'Create account and sign in'}
        </button>
      </form>
    </AuthLayout>
  );
}
