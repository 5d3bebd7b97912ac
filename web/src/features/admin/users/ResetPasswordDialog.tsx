/** An admin sets a new password for someone who forgot theirs; their sessions end. */
import { useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiError } from '#common/api-client';
import { errorText } from '#web/lib/errors';
import { Password } from '#common/auth';
import type { AdminUser } from '#common/admin';
import { api } from '#web/lib/api';
import { FormDialog } from '#web/lib/ui/FormDialog';
import { TextField } from '#web/lib/ui/TextField';
import { adminErrorText, refreshUsers } from '../admin';
import { suggestPassword } from './password';

function ResetPasswordForm({ user, onClose }: { user: AdminUser; onClose: () => void }) {
  const { t } = useTranslation('users');
  const [password, setPassword] = useState('');
  const [visible, setVisible] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const reset = useMutation({
    mutationFn: () => api.adminUpdateUser(user.id, { password }),
    onSuccess: () => refreshUsers(),
    onError: (err) => {
      if (err instanceof ApiError && err.field === 'password') setError(errorText(err));
    },
  });
  const name = user.displayName || user.username;

  if (reset.isSuccess) {
    return (
      <FormDialog open title={t('reset.doneTitle')} testId="reset-password-dialog" onClose={onClose}>
        <p data-testid="reset-password-done">{t('reset.done', { name })}</p>
      </FormDialog>
    );
  }
  return (
    <FormDialog
      open
      title={t('reset.title', { name })}
      description={t('reset.description')}
      submitLabel={t('reset.submit')}
      busy={reset.isPending}
      error={
        reset.isError && !(reset.error instanceof ApiError && reset.error.field === 'password')
          ? adminErrorText(reset.error)
          : null
      }
      testId="reset-password-dialog"
      onSubmit={() => {
        const p = Password.safeParse(password);
        if (!p.success)
          setError(t(p.error.issues[0]?.code === 'too_big' ? 'check.passwordLong' : 'check.passwordShort'));
        else reset.mutate();
      }}
      onClose={onClose}
    >
      <TextField
        id="reset-password"
        label={t('field.newPassword')}
        testId="reset-password-input"
        value={password}
        error={error}
        onChange={(v) => {
          setPassword(v);
          setError(undefined);
        }}
        inputProps={{
          type: visible ? 'text' : 'password',
          autoComplete: 'new-password',
          autoFocus: true,
          maxLength: 128,
        }}
        hint={t('field.passwordHint')}
        after={
          <button
            type="button"
            className="btn btn-sm"
            onClick={() => {
              setPassword(suggestPassword());
              setVisible(true);
              setError(undefined);
            }}
          >
            {t('field.suggest')}
          </button>
        }
      />
    </FormDialog>
  );
}

/** Props: the user (null: closed) and the close handler. */
export function ResetPasswordDialog({ user, onClose }: { user: AdminUser | null; onClose: () => void }) {
  return user ? <ResetPasswordForm key={user.id} user={user} onClose={onClose} /> : null;
}
