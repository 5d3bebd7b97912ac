/** First run: create the first admin account with the one-time link printed at start. */
import { useState, type FormEvent } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiError } from '#common/api-client';
import { api } from '#web/lib/api';
import { errorText } from '#web/lib/errors';
import { keys } from '#web/lib/keys';
import { navigate } from '#web/lib/router';
import { AuthLayout } from './AuthLayout';
import { acceptSession } from './session';
import { validateAccount, type AccountFieldErrors as FieldErrors, type AccountFields as Fields } from './validate';

/** Props: the setup token from the link (`/setup?token=…`). */
export function SetupPage({ token }: { token: string }) {
  const { t } = useTranslation('signup');
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
      if (err instanceof ApiError && err.field && err.field in fields) setErrors({ [err.field]: errorText(err) });
    },
  });

  const set = (k: keyof Fields) => (e: React.ChangeEvent<HTMLInputElement>) =>
    setFields({ ...fields, [k]: e.target.value });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const found = validateAccount(fields, t);
    setErrors(found);
    if (Object.keys(found).length === 0) setup.mutate();
  };

  if (status.isPending) return <AuthLayout title={t('settingUp')}>{t('checking')}</AuthLayout>;
  if (status.data && !status.data.needed) {
    return (
      <AuthLayout title={t('alreadySetUp')} subtitle={t('alreadySetUpWhy')}>
        <button
          type="button"
          className="btn btn-primary btn-block"
          onClick={() => navigate('/login', { replace: true })}
        >
          {t('goToSignIn')}
        </button>
      </AuthLayout>
    );
  }
  if (!token) {
    return <AuthLayout title={t('setupLinkIncomplete')} subtitle={t('setupLinkIncompleteHow')} />;
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
    <AuthLayout title={t('createFirstAdmin')} subtitle={t('createFirstAdminWhy')}>
      <form onSubmit={submit} noValidate>
        {generalError && (
          <div className="notice notice-error" role="alert">
            {generalError}
          </div>
        )}
        {input('username', t('username'), {
          autoComplete: 'username',
          autoCapitalize: 'none',
          spellCheck: false,
          autoFocus: true,
        })}
        {input('displayName', t('displayNameOptional'), {
          autoComplete: 'name',
          placeholder: t('namePlaceholderAlex'),
        })}
        {input('password', t('password'), { type: 'password', autoComplete: 'new-password' })}
        {input('confirm', t('repeatPassword'), { type: 'password', autoComplete: 'new-password' })}
        <button
          type="submit"
          className="btn btn-primary btn-block"
          data-testid="setup-submit"
          disabled={setup.isPending}
        >
          {setup.isPending ? t('creating') : t('createAndSignIn')}
        </button>
      </form>
    </AuthLayout>
  );
}
