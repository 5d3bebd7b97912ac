/** "Last 7 / 30 / 90 days" for the usage views. */
import { USAGE_RANGES } from './usage';
import { useTranslation } from 'react-i18next';

/** Props: the chosen number of days and its setter; `id` ties the label to the select. */
export function RangePicker({ id, days, onChange }: { id: string; days: number; onChange: (days: number) => void }) {
  const { t } = useTranslation('usage');
  return (
    <label className="usage-range" htmlFor={id}>
      <span className="sr-only">{t('range')}</span>
      <select
        id={id}
        className="input select"
        data-testid={id}
        value={days}
        onChange={(e) => onChange(Number(e.target.value))}
      >
        {USAGE_RANGES.map((d) => (
          <option key={d} value={d}>
            {t('lastDays', { count: d })}
          </option>
        ))}
      </select>
    </label>
  );
}
