/** The account form's checks before sending (setup and invite sign-up), in the app's words. */
import type { TFunction } from 'i18next';
import { Password, Username } from '#common/auth';

/** The account form's fields. */
export type AccountFields = { username: string; displayName: string; password: string; confirm: string };
/** A message per field that is wrong. */
export type AccountFieldErrors = Partial<Record<keyof AccountFields, string>>;

/** What is wrong with the fields, per field (empty: send them). */
export function validateAccount(f: AccountFields, t: TFunction<'signup'>): AccountFieldErrors {
  const errors: AccountFieldErrors = {};
  const u = Username.safeParse(f.username);
  if (!u.success) {
    const code = u.error.issues[0]?.code;
    errors.username = t(code === 'too_small' ? 'usernameShort' : code === 'too_big' ? 'usernameLong' : 'usernameChars');
  }
  const p = Password.safeParse(f.password);
  if (!p.success) errors.password = t(p.error.issues[0]?.code === 'too_big' ? 'passwordLong' : 'passwordShort');
  else if (f.password !== f.confirm) errors.confirm = t('passwordsDiffer');
  return errors;
}
