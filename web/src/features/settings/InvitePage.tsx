/** Sign-up with an admin's invite link (`/signup?token=…`): checks the link, then makes the account. */
import { useState, type FormEvent } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { ApiError } from '#common/api-client';
import { Password, Username } from '#common/auth';
import type { InviteStatus } from '#common/admin';
import { api } from '#web/lib/api';
import { errorText } from '#web/lib/errors';
import { navigate } from '#web/lib/router';
import { AuthLayout } from '#web/features/auth/AuthLayout';
import { acceptSession } from '#web/features/auth/session';
import { TextField } from '#web/lib/ui/TextField';

type Fields = { username: string; displayName: string; password: string; confirm: string };
type FieldErrors = Partial<Record<keyof Fields, string>>;

function validate(f: Fields): FieldErrors {
  const errors: FieldErrors = {};
  const u = Username.safeParse(f.username);
  if (!u.success) errors.username = `The username ${u.error.issues[0]?.message ?? 'is not valid'}.`;
  const p = Password.safeParse(f.password);
  if (!p.success) errors.password = `The password ${p.error.issues[0]?.message ?? 'is not valid'}.`;
  else if (f.password !== f.confirm) errors.confirm = 'The passwords don’t match.';
  return errors;
}

const why: Record<NonNullable<InviteStatus['reason']>, string> = {
  unknown: 'This invite link isn’t valid. Check that you copied all of it, or ask for a new one.',
  used: 'This invite link was used already. Each link makes one account: ask for a new one.',
  expired: 'This invite link has expired. Ask whoever sent it for a new one.',
  signup_off: 'Sign-up is turned off on this Hearth. Ask an admin to make your account.',
};

function InviteDead({ text }: { text: string }) {
  return (
    <AuthLayout title="Can’t use this invite" subtitle={text}>
      <button type="button" className="btn btn-primary btn-block" onClick={() => navigate('/login', { replace: true })}>
        Go to sign in
      </button>
    </AuthLayout>
  );
}

function SignupForm({ token }: { token: string }) {
  const [fields, setFields] = useState<Fields>({ username: '', displayName: '', password: '', confirm: '' });
  const [errors, setErrors] = useState<FieldErrors>({});
  const signup = useMutation({
    mutationFn: () =>
      api.signup({
        token,
        username: fields.username.trim(),
        displayName: fields.displayName.trim() || undefined,
        password: fields.password,
      }),
    onSuccess: (session) => {
      acceptSession(session);
      navigate('/', { replace: true });
    },
    onError: (err) => {
      if (err instanceof ApiError && err.code === 'conflict')
        setErrors({ username: 'That username is taken. Pick another.' });
      else if (err instanceof ApiError && err.field && err.field in fields) setErrors({ [err.field]: err.message });
    },
  });
  const set = (k: keyof Fields) => (v: string) => {
    setFields((f) => ({ ...f, [k]: v }));
    setErrors((e) => ({ ...e, [k]: undefined }));
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const found = validate(fields);
    setErrors(found);
    if (Object.keys(found).length === 0 && !signup.isPending) signup.mutate();
  };
  const err = signup.error;
  if (err instanceof ApiError && (err.code === 'invite_invalid' || err.code === 'invite_expired')) {
    return <InviteDead text={err.code === 'invite_expired' ? why.expired : why.unknown} />;
  }
  const general =
    signup.isError && !(err instanceof ApiError && (err.code === 'conflict' || err.field)) ? errorText(err) : null;

  return (
    <AuthLayout
      title="Make your account"
      subtitle="You were invited to your household’s Hearth. Choose how you’ll sign in."
    >
      <form onSubmit={submit} noValidate data-testid="signup-form">
        {general && (
          <div className="notice notice-error" role="alert">
            {general}
          </div>
        )}
        <TextField
          id="signup-username"
          label="Username"
          testId="signup-username"
          value={fields.username}
          error={errors.username}
          onChange={set('username')}
          hint="Letters, digits, dot, dash and underscore."
          inputProps={{
            autoComplete: 'username',
            autoCapitalize: 'none',
            spellCheck: false,
            autoFocus: true,
            maxLength: 32,
          }}
        />
        <TextField
          id="signup-display-name"
          label="Your name (optional)"
          testId="signup-display-name"
          value={fields.displayName}
          onChange={set('displayName')}
          inputProps={{ autoComplete: 'name', maxLength: 64, placeholder: 'e.g. Sam' }}
        />
        <TextField
          id="signup-password"
          label="Password"
          testId="signup-password"
          value={fields.password}
          error={errors.password}
          onChange={set('password')}
          hint="At least 8 characters."
          inputProps={{ type: 'password', autoComplete: 'new-password', maxLength: 128 }}
        />
        <TextField
          id="signup-confirm"
          label="Repeat the password"
          testId="signup-confirm"
          value={fields.confirm}
          error={errors.confirm}
          onChange={set('confirm')}
          inputProps={{ type: 'password', autoComplete: 'new-password', maxLength: 128 }}
        />
        <button
          type="submit"
          className="btn btn-primary btn-block"
          data-testid="signup-submit"
          disabled={signup.isPending}
        >
          {signup.isPending ? 'Creating your account…' : 'Create account and sign in'}
        </button>
      </form>
    </AuthLayout>
  );
}

/** Props: the invite token from the link. */
export function InvitePage({ token }: { token: string }) {
  const status = useQuery({
    queryKey: ['invite', token],
    queryFn: () => api.inviteStatus(token),
    enabled: !!token,
    retry: false,
  });
  if (!token) return <InviteDead text="This link is incomplete. Copy the whole link, including ?token=…" />;
  if (status.isPending) {
    return (
      <AuthLayout title="Checking your invite…">
        <span className="spinner" aria-label="Loading" />
      </AuthLayout>
    );
  }
  if (status.isError) return <InviteDead text={`Couldn’t check the invite: ${errorText(status.error)}`} />;
  if (!status.data.valid) return <InviteDead text={why[status.data.reason ?? 'unknown']} />;
  return <SignupForm token={token} />;
}
