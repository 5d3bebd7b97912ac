/** Problems with the setup that only the admin can fix, shown on their home screen (nothing for members). */
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '#web/lib/api';

/** Props: whether the signed-in user is an admin (members fetch nothing). */
export function AdminWarnings({ isAdmin }: { isAdmin: boolean }) {
  const { t } = useTranslation('admin');
  const warnings = useQuery({
    queryKey: ['admin', 'warnings'],
    queryFn: () => api.adminWarnings(),
    enabled: isAdmin,
    staleTime: 60_000,
  });
  const items = warnings.data?.items ?? [];
  if (!isAdmin || items.length === 0) return null;
  return (
    <div className="admin-warnings" data-testid="admin-warnings">
      {items.map((w) => (
        <p key={w.code} className="notice notice-warn" role="status" data-code={w.code}>
          {/* The app's words for a known code; the server's sentence for a newer one. */}
          {t(`warning.${w.code}`, { defaultValue: w.message })}
        </p>
      ))}
    </div>
  );
}
