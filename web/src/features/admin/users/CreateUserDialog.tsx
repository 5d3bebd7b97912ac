/** The "Add user" dialog: username, display name, initial password, role, supervised. */
import { useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import { ApiError } from '#common/api-client';
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

function validate(f: Fields): FieldErrors {
  const parsed = CreateUserBody.safeParse({ ...f, displayName: f.displayName.trim() || undefined });
  const errors: FieldErrors = {};
  if (parsed.success) return errors;
  for (const issue of parsed.error.issues) {
    const k = issue.path[0];
    if ((k === 'username' || k === 'displayName' || k === 'password') && !errors[k]) {
      const what = k === 'username' ? 'The username' : k === 'password' ? 'The password' : 'The display name';
      errors[k] = `${what} ${issue.message}.`;
    }
  }
  return errors;
}

type Props = { open: boolean; onClose: () => void; onCreated: (user: AdminUser) => void };

/** Props: see Props. */
export function CreateUserDialog({ open, onClose, onCreated }: Props) {
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
      if (err instanceof ApiError && err.code === 'conflict')
        setErrors({ username: 'That username is taken. Pick another.' });
      else if (
        err instanceof ApiError &&
        (err.field === 'username' || err.field === 'password' || err.field === 'displayName')
      ) {
        setErrors({ [err.field]: err.message });
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
      title="Add a user"
      description="They sign in with the username and this password, and can change the password in their settings."
      submitLabel="Add user"
      busy={create.isPending}
      error={create.isError && !fieldError ? adminErrorText(create.error) : null}
      testId="create-user-dialog"
      onSubmit={() => {
        const found = validate(fields);
        setErrors(found);
        if (Object.keys(found).length === 0) create.mutate();
      }}
      onClose={close}
    >
      <div className="form-row">
        <TextField
          id="new-user-username"
          label="Username"
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
          hint="Letters, digits, dot, dash, underscore."
        />
        <TextField
          id="new-user-display-name"
          label="Display name (optional)"
          testId="new-user-display-name"
          value={fields.displayName}
          error={errors.displayName}
          onChange={(v) => set('displayName', v)}
          inputProps={{ autoComplete: 'off', maxLength: 64, placeholder: 'e.g. Sam' }}
        />
      </div>
      <TextField
        id="new-user-password"
        label="Initial password"
        testId="new-user-password"
        value={fields.password}
        error={errors.password}
        onChange={(v) => set('password', v)}
        inputProps={{ type: showPassword ? 'text' : 'password', autoComplete: 'new-password', maxLength: 128 }}
        hint="8 to 128 characters. Tell it to them in person."
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
            Suggest one
          </button>
        }
      />
      <div className="form-row">
        <div className="field">
          <label htmlFor="new-user-role">Role</label>
          <select
            id="new-user-role"
            className="input select"
            data-testid="new-user-role"
            value={fields.role}
            onChange={(e) => set('role', e.target.value === 'admin' ? 'admin' : 'member')}
          >
            <option value="member">Member</option>
            <option value="admin">Admin: manages users and model servers</option>
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
              <span>Supervised</span>
              <span className="check-hint">A child’s account, under parental controls.</span>
            </span>
          </label>
        </div>
      </div>
    </FormDialog>
  );
}
