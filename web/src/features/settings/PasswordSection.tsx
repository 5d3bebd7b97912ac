/** Changing one's password: current + new + repeat. Other sessions end; this one stays. */
import { useState, type FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import { ApiError } from '#common/api-client';
import { Password } from '#common/auth';
import { api } from '#web/lib/api';
import { errorText } from '#web/lib/errors';
import { queryClient } from '#web/lib/queryClient';
import { useUser } from '#web/features/auth/session';
import { Section, SavedNote } from '#web/lib/ui/Section';
import { settingsKeys } from './settings';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';

type Fields = { currentPassword: string; newPassword: string; confirm: string };
type FieldErrors = Partial<Record<keyof Fields, string>>;
const empty: Fields = { currentPassword: '', newPassword: '', confirm: '' };
/** What password managers should offer in each field. */
const AUTOCOMPLETE: Record<keyof Fields, string> = {
  currentPassword: 'current-password',
  newPassword: 'new-password',
  confirm: 'new-password',
};

function validate(f: Fields, t: TFunction<'settings'>): FieldErrors {
  const errors: FieldErrors = {};
  if (!f.currentPassword) errors.currentPassword = t('enterCurrentPassword');
  const p = Password.safeParse(f.newPassword);
  if (!p.success) errors.newPassword = t('newPasswordRule');
  else if (f.newPassword === f.currentPassword) errors.newPassword = t('newPasswordSame');
  else if (f.newPassword !== f.confirm) errors.confirm = t('passwordsDiffer');
  return errors;
}

/**
 * The server's answer for a field, as a sentence in the app's words: the rule the new password
 * broke (too short, too common…) when the server names it, else the general rule.
 */
function serverFieldError(err: ApiError, t: TFunction<'settings'>): string {
  if (err.field === 'currentPassword') return t('notCurrentPassword');
  return err.facts.rule ? errorText(err) : t('newPasswordRule');
}

/** Props: none. */
export function PasswordSection() {
  const { t } = useTranslation('settings');
  const user = useUser();
  const [fields, setFields] = useState<Fields>(empty);
  const [errors, setErrors] = useState<FieldErrors>({});
  const change = useMutation({
    mutationFn: () => api.changePassword({ currentPassword: fields.currentPassword, newPassword: fields.newPassword }),
    onSuccess: () => {
      setFields(empty);
      void queryClient.invalidateQueries({ queryKey: settingsKeys.sessions });
    },
    onError: (err) => {
      if (err instanceof ApiError && (err.field === 'currentPassword' || err.field === 'newPassword')) {
        setErrors({ [err.field]: serverFieldError(err, t) });
      }
    },
  });

  const set = (k: keyof Fields) => (e: React.ChangeEvent<HTMLInputElement>) => {
    setFields({ ...fields, [k]: e.target.value });
    if (errors[k]) setErrors({ ...errors, [k]: undefined });
    if (change.isSuccess) change.reset();
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const found = validate(fields, t);
    setErrors(found);
    if (Object.keys(found).length === 0 && !change.isPending) change.mutate();
  };

  const input = (k: keyof Fields, label: string, hint?: string) => (
    <div className="field">
      <label htmlFor={`password-${k}`}>{label}</label>
      <input
        id={`password-${k}`}
        className="input"
        type="password"
        data-testid={`password-${k}`}
        autoComplete={AUTOCOMPLETE[k]}
        value={fields[k]}
        onChange={set(k)}
        aria-invalid={errors[k] ? true : undefined}
        aria-describedby={errors[k] ? `password-${k}-error` : hint ? `password-${k}-hint` : undefined}
      />
      {errors[k] ? (
        <span id={`password-${k}-error`} className="field-error">
          {errors[k]}
        </span>
      ) : (
        hint && (
          <span id={`password-${k}-hint`} className="hint">
            {hint}
          </span>
        )
      )}
    </div>
  );

  const generalError =
    change.isError &&
    !(
      change.error instanceof ApiError &&
      (change.error.field === 'currentPassword' || change.error.field === 'newPassword')
    )
      ? errorText(change.error)
      : null;

  return (
    <Section title={t('passwordTitle')} description={t('passwordDescription')} testId="settings-password">
      <form onSubmit={submit} noValidate>
        {/* Lets password managers pair the new password with this account. */}
        <input type="text" name="username" autoComplete="username" value={user.username} hidden readOnly />
        {input('currentPassword', t('currentPassword'))}
        <div className="form-row">
          {input('newPassword', t('newPassword'), t('newPasswordHint'))}
          {input('confirm', t('repeatNewPassword'))}
        </div>
        {generalError && (
          <div className="notice notice-error" role="alert" style={{ marginBottom: 14 }}>
            {generalError}
          </div>
        )}
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" data-testid="password-submit" disabled={change.isPending}>
            {change.isPending ? t('changing') : t('changePassword')}
          </button>
          {change.isSuccess && <SavedNote testId="password-changed">{t('passwordChanged')}</SavedNote>}
        </div>
      </form>
    </Section>
  );
}
