/** Sign-up with an admin's invite link (`/signup?token=…`): checks the link, then makes the account. */
import { useState, type FormEvent } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiError } from '#common/api-client';
import type { InviteStatus } from '#common/admin';
import { api } from '#web/lib/api';
import { errorText } from '#web/lib/errors';
import { navigate } from '#web/lib/router';
import { AuthLayout } from '#web/features/auth/AuthLayout';
import { acceptSession } from '#web/features/auth/session';
import { TextField } from '#web/lib/ui/TextField';
import {
  validateAccount,
  type AccountFieldErrors as FieldErrors,
  type AccountFields as Fields,
} from '#web/features/auth/validate';

/** Why an invite link cannot be used: the key of its words in the signup namespace. */
const why = {
  unknown: 'inviteUnknown',
  used: 'inviteUsed',
  expired: 'inviteExpired',
  signup_off: 'inviteSignupOff',
} as const satisfies Record<NonNullable<InviteStatus['reason']>, string>;

function InviteDead({ text }: { text: string }) {
  const { t } = useTranslation('signup');
  return (
    <AuthLayout title={t('cantUseInvite')} subtitle={text}>
      <button type="button" className="btn btn-primary btn-block" onClick={() => navigate('/login', { replace: true })}>
        {t('goToSignIn')}
      </button>
    </AuthLayout>
  );
}

function SignupForm({ token }: { token: string }) {
  const { t } = useTranslation('signup');
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
      if (err instanceof ApiError && err.code === 'conflict') setErrors({ username: t('usernameTaken') });
      else if (err instanceof ApiError && err.field && err.field in fields) setErrors({ [err.field]: errorText(err) });
    },
  });
  const set = (k: keyof Fields) => (v: string) => {
    setFields((f) => ({ ...f, [k]: v }));
    setErrors((e) => ({ ...e, [k]: undefined }));
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const found = validateAccount(fields, t);
    setErrors(found);
    if (Object.keys(found).length === 0 && !signup.isPending) signup.mutate();
  };
  const err = signup.error;
  if (err instanceof ApiError && (err.code === 'invite_invalid' || err.code === 'invite_expired')) {
    return <InviteDead text={t(err.code === 'invite_expired' ? why.expired : why.unknown)} />;
  }
  const general =
    signup.isError && !(err instanceof ApiError && (err.code === 'conflict' || err.field)) ? errorText(err) : null;

  return (
    <AuthLayout title={t('makeAccount')} subtitle={t('makeAccountWhy')}>
      <form onSubmit={submit} noValidate data-testid="signup-form">
        {general && (
          <div className="notice notice-error" role="alert">
            {general}
          </div>
        )}
        <TextField
          id="signup-username"
          label={t('username')}
          testId="signup-username"
          value={fields.username}
          error={errors.username}
          onChange={set('username')}
          hint={t('usernameHint')}
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
          label={t('yourNameOptional')}
          testId="signup-display-name"
          value={fields.displayName}
          onChange={set('displayName')}
          inputProps={{ autoComplete: 'name', maxLength: 64, placeholder: t('namePlaceholderSam') }}
        />
        <TextField
          id="signup-password"
          label={t('password')}
          testId="signup-password"
          value={fields.password}
          error={errors.password}
          onChange={set('password')}
          hint={t('passwordHint')}
          inputProps={{ type: 'password', autoComplete: 'new-password', maxLength: 128 }}
        />
        <TextField
          id="signup-confirm"
          label={t('repeatPassword')}
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
          {signup.isPending ? t('creatingYourAccount') : t('createAndSignIn')}
        </button>
      </form>
    </AuthLayout>
  );
}

/** Props: the invite token from the link. */
export function InvitePage({ token }: { token: string }) {
  const { t } = useTranslation('signup');
  const status = useQuery({
    queryKey: ['invite', token],
    queryFn: () => api.inviteStatus(token),
    enabled: !!token,
    retry: false,
  });
  if (!token) return <InviteDead text={t('inviteIncomplete')} />;
  if (status.isPending) {
    return (
      <AuthLayout title={t('checkingInvite')}>
        <span className="spinner" aria-label={t('common:loading')} />
      </AuthLayout>
    );
  }
  if (status.isError) return <InviteDead text={t('couldNotCheckInvite', { error: errorText(status.error) })} />;
  if (!status.data.valid) return <InviteDead text={t(why[status.data.reason ?? 'unknown'])} />;
  return <SignupForm token={token} />;
}
