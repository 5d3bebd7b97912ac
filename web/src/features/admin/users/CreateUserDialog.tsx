/** The "Add user" dialog: username, display name, initial password, role, supervised. */
import { useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { ApiError } from '#common/api-client';
import { errorText } from '#web/lib/errors';
import type { Role } from '#common/auth';
import { CreateUserBody, type AdminUser } from '#common/admin';
import { api } from '#web/lib/api';
import { FormDialog } from '#web/lib/ui/FormDialog';
import { adminErrorText, refreshUsers } from '../admin';
import { TextField } from '#web/lib/ui/TextField';
import { suggestPassword } from './password';

type Fields = { username: string; displayName: string; password: string; role: Role; supervised: boolean };
type FieldErrors = Partial<Record<'username' | 'displayName' | 'password', string>>;
const blank: Fields = { username: '', displayName: '', password: '', role: 'member', supervised: false };

/** The sentence for a field's first problem, by what is wrong (too short, too long, other). */
function problem(k: 'username' | 'displayName' | 'password', code: string, t: TFunction): string {
  if (k === 'username')
    return t(
      code === 'too_small' ? 'check.usernameShort' : code === 'too_big' ? 'check.usernameLong' : 'check.usernameChars',
    );
  if (k === 'password') return t(code === 'too_big' ? 'check.passwordLong' : 'check.passwordShort');
  return t('check.displayNameLong');
}

function validate(f: Fields, t: TFunction): FieldErrors {
  const parsed = CreateUserBody.safeParse({ ...f, displayName: f.displayName.trim() || undefined });
  const errors: FieldErrors = {};
  if (parsed.success) return errors;
  for (const issue of parsed.error.issues) {
    const k = issue.path[0];
    if ((k === 'username' || k === 'displayName' || k === 'password') && !errors[k])
      errors[k] = problem(k, issue.code, t);
  }
  return errors;
}

type Props = { open: boolean; onClose: () => void; onCreated: (user: AdminUser) => void };

/** Props: see Props. */
export function CreateUserDialog({ open, onClose, onCreated }: Props) {
  const { t } = useTranslation('users');
  const [fields, setFields] = useState<Fields>(blank);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [showPassword, setShowPassword] = useState(false);
  const create = useMutation({
    mutationFn: () =>
      api.adminCreateUser({
        username: fields.username.trim(),
        displayName: fields.displayName.trim() || undefined,
        password: fields.password,
        role: fields.role,
        supervised: fields.supervised,
      }),
    onSuccess: (user) => {
      refreshUsers();
      setFields(blank);
      setShowPassword(false);
      onCreated(user);
    },
    onError: (err) => {
      if (err instanceof ApiError && err.code === 'conflict') setErrors({ username: t('check.usernameTaken') });
      else if (
        err instanceof ApiError &&
        (err.field === 'username' || err.field === 'password' || err.field === 'displayName')
      ) {
        setErrors({ [err.field]: errorText(err) });
      }
    },
  });
  const set = <K extends keyof Fields>(k: K, v: Fields[K]) => {
    setFields((f) => ({ ...f, [k]: v }));
    setErrors((e) => ({ ...e, [k]: undefined }));
  };
  const close = () => {
    create.reset();
    setErrors({});
    onClose();
  };
  const fieldError = create.error instanceof ApiError && (create.error.code === 'conflict' || create.error.field);

  return (
    <FormDialog
      open={open}
      title={t('create.title')}
      description={t('create.description')}
      submitLabel={t('create.submit')}
      busy={create.isPending}
      error={create.isError && !fieldError ? adminErrorText(create.error) : null}
      testId="create-user-dialog"
      onSubmit={() => {
        const found = validate(fields, t);
        setErrors(found);
        if (Object.keys(found).length === 0) create.mutate();
      }}
      onClose={close}
    >
      <div className="form-row">
        <TextField
          id="new-user-username"
          label={t('field.username')}
          testId="new-user-username"
          value={fields.username}
          error={errors.username}
          onChange={(v) => set('username', v)}
          inputProps={{
            autoCapitalize: 'none',
            autoComplete: 'off',
            spellCheck: false,
            autoFocus: true,
            maxLength: 32,
          }}
          hint={t('field.usernameHint')}
        />
        <TextField
          id="new-user-display-name"
          label={t('field.displayNameOptional')}
          testId="new-user-display-name"
          value={fields.displayName}
          error={errors.displayName}
          onChange={(v) => set('displayName', v)}
          inputProps={{ autoComplete: 'off', maxLength: 64, placeholder: t('field.namePlaceholder') }}
        />
      </div>
      <TextField
        id="new-user-password"
        label={t('field.initialPassword')}
        testId="new-user-password"
        value={fields.password}
        error={errors.password}
        onChange={(v) => set('password', v)}
        inputProps={{ type: showPassword ? 'text' : 'password', autoComplete: 'new-password', maxLength: 128 }}
        hint={t('field.initialPasswordHint')}
        after={
          <button
            type="button"
            className="btn btn-sm"
            data-testid="new-user-suggest-password"
            onClick={() => {
              set('password', suggestPassword());
              setShowPassword(true);
            }}
          >
            {t('field.suggest')}
          </button>
        }
      />
      <div className="form-row">
        <div className="field">
          <label htmlFor="new-user-role">{t('field.role')}</label>
          <select
            id="new-user-role"
            className="input select"
            data-testid="new-user-role"
            value={fields.role}
            onChange={(e) => set('role', e.target.value === 'admin' ? 'admin' : 'member')}
          >
            <option value="member">{t('field.member')}</option>
            <option value="admin">{t('field.adminLong')}</option>
          </select>
        </div>
        <div className="field field-check">
          <label className="check">
            <input
              type="checkbox"
              data-testid="new-user-supervised"
              checked={fields.supervised}
              onChange={(e) => set('supervised', e.target.checked)}
            />
            <span className="check-text">
              <span>{t('field.supervised')}</span>
              <span className="check-hint">{t('field.supervisedHint')}</span>
            </span>
          </label>
        </div>
      </div>
    </FormDialog>
  );
}
