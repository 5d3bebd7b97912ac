/**
 * A supervised member's use: messages per day and when in the day they write, as plain CSS bars.
 * Each bar carries its number as text (and the whole chart a table-like list), so a screen
 * reader or a glance reads the same figures.
 */
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '#web/lib/api';
import { errorText } from '#web/lib/errors';
import { familyKeys } from './family';
import { formatDayShort, formatNumber } from './format';

const RANGES = [7, 14, 30] as const;

/** One bar with its label and its value spelled out. */
function Bar({ label, value, max, sub }: { label: string; value: number; max: number; sub?: string }) {
  const pct = max > 0 ? Math.round((value / max) * 100) : 0;
  return (
    <li className="bar-row">
      <span className="bar-label">{label}</span>
      <span className="bar-track" aria-hidden="true">
        <span className="bar-fill" style={{ width: `${pct}%` }} />
      </span>
      <span className="bar-value">
        {formatNumber(value)}
        {sub && <span className="bar-sub"> · {sub}</span>}
      </span>
    </li>
  );
}

/** Props: the member's id. */
export function UsageChart({ childId }: { childId: string }) {
  const { t } = useTranslation('family');
  const [days, setDays] = useState<number>(7);
  const usage = useQuery({
    queryKey: familyKeys.usage(childId, days),
    queryFn: () => api.familyUsage(childId, days),
  });
  if (usage.isPending) return <p className="hint">{t('usage.loading')}</p>;
  if (usage.isError)
    return (
      <p className="field-error" role="alert">
        {t('usage.error', { reason: errorText(usage.error) })}
      </p>
    );
  const { days: list, hours, timeZone } = usage.data;
  const maxDay = Math.max(0, ...list.map((d) => d.messages));
  const total = list.reduce((n, d) => n + d.messages, 0);
  // Three-hour blocks read better than 24 thin bars.
  const blocks = Array.from({ length: 8 }, (_, i) => hours.slice(i * 3, i * 3 + 3).reduce((a, b) => a + b, 0));
  const maxBlock = Math.max(0, ...blocks);
  return (
    <div className="family-usage" data-testid="family-usage">
      <div className="family-range">
        <label htmlFor={`usage-range-${childId}`}>{t('usage.range')}</label>
        <select
          id={`usage-range-${childId}`}
          className="input select"
          value={days}
          onChange={(e) => setDays(Number(e.target.value))}
        >
          {RANGES.map((n) => (
            <option key={n} value={n}>
              {t('usage.days', { count: n })}
            </option>
          ))}
        </select>
      </div>
      {total === 0 ? (
        <p className="hint" data-testid="usage-none">
          {t('usage.none')}
        </p>
      ) : (
        <div className="usage-charts">
          <figure className="bar-chart">
            <figcaption>{t('usage.perDay')}</figcaption>
            <ul aria-label={t('usage.perDay')} data-testid="usage-per-day">
              {[...list].reverse().map((d) => (
                <Bar
                  key={d.day}
                  label={formatDayShort(d.day)}
                  value={d.messages}
                  max={maxDay}
                  sub={t('usage.tokens', { n: formatNumber(d.tokens) })}
                />
              ))}
            </ul>
          </figure>
          <figure className="bar-chart">
            <figcaption>{t('usage.timeOfDay', { zone: timeZone })}</figcaption>
            <ul aria-label={t('usage.timeOfDayShort')} data-testid="usage-per-hour">
              {blocks.map((n, i) => (
                <Bar
                  key={i}
                  label={`${String(i * 3).padStart(2, '0')}–${String(i * 3 + 3).padStart(2, '0')}`}
                  value={n}
                  max={maxBlock}
                />
              ))}
            </ul>
          </figure>
        </div>
      )}
    </div>
  );
}
