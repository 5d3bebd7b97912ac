/**
 * The admin console's guardian picker for a supervised account: any of the adult members
 * (not supervised, not disabled, not the account itself). Admins are not guardians unless
 * ticked here; the child is shown who their guardians are.
 */
import { useTranslation } from 'react-i18next';
import type { AdminUser } from '#common/admin';
import { useAdminUsers } from '#web/features/admin/admin';
import { nameOf } from './format';
import './family.css';

type Props = {
  /** The supervised account being edited. */
  userId: string;
  value: string[];
  onChange: (ids: string[]) => void;
};

/** The adults who can be guardians, in name order. */
function adults(users: AdminUser[], userId: string): AdminUser[] {
  return users
    .filter((u) => u.id !== userId && !u.supervised && !u.disabled)
    .sort((a, b) => nameOf(a).localeCompare(nameOf(b)));
}

/** Props: see Props. */
export function GuardiansPicker({ userId, value, onChange }: Props) {
  const { t } = useTranslation('family');
  const users = useAdminUsers();
  const list = adults(users.data ?? [], userId);
  const chosen = new Set(value);
  return (
    <fieldset className="allow-list guardians-picker" data-testid="guardians-picker">
      <legend>{t('admin.legend')}</legend>
      <p className="hint">{t('admin.hint')}</p>
      {users.isError && <p className="field-error">{t('admin.loadError')}</p>}
      {users.isSuccess && list.length === 0 && <p className="hint">{t('admin.nobody')}</p>}
      {list.map((u) => (
        <label key={u.id} className="check" data-testid="guardian-option" data-username={u.username}>
          <input
            type="checkbox"
            checked={chosen.has(u.id)}
            onChange={(e) => onChange(e.target.checked ? [...value, u.id] : value.filter((id) => id !== u.id))}
          />
          <span className="check-text">
            <span>{nameOf(u)}</span>
            <span className="check-hint">
              @{u.username}
              {u.role === 'admin' ? ` · ${t('admin.isAdmin')}` : ''}
            </span>
          </span>
        </label>
      ))}
      {users.isSuccess && list.length > 0 && value.length === 0 && (
        <p className="field-error" role="status">
          {t('admin.none')}
        </p>
      )}
    </fieldset>
  );
}
