/** Admin → Usage: every member's replies and tokens over a range of days, heaviest first. */
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { UsageCounts } from '#common/usage';
import { api } from '#web/lib/api';
import { EmptyState, ListSkeleton, LoadError, Section } from '#web/lib/ui/Section';
import { formatCount, tokensOf } from './format';
import { RangePicker } from './RangePicker';
import { UsageStat } from './UsageSection';
import { usageKeys } from './usage';
import './usage.css';
import { useTranslation } from 'react-i18next';

const cell = (c: UsageCounts) => (c.requests ? `${formatCount(c.requests)} · ${formatCount(tokensOf(c))}` : '—');

/** The section (no props; admins only — the server answers 403 to anyone else). */
export function HouseholdUsageSection() {
  const { t } = useTranslation('usage');
  const [days, setDays] = useState(30);
  const usage = useQuery({ queryKey: usageKeys.household(days), queryFn: () => api.householdUsage(days) });
  return (
    <Section
      title={t('usage')}
      description={t('householdDescription')}
      actions={<RangePicker id="household-usage-range" days={days} onChange={setDays} />}
      testId="household-usage-section"
    >
      {usage.isPending && <ListSkeleton />}
      {usage.isError && <LoadError error={usage.error} onRetry={() => void usage.refetch()} what={t('whatUsage')} />}
      {usage.data && (
        <>
          <div className="usage-stats">
            <UsageStat label={t('household')} counts={usage.data.totals.all} />
            <UsageStat label={t('inHearth')} counts={usage.data.totals.chat} />
            <UsageStat label={t('fromOtherTools')} counts={usage.data.totals.api} />
          </div>
          {usage.data.items.length === 0 ? (
            <EmptyState>{t('nobodyUsed')}</EmptyState>
          ) : (
            <div className="usage-table-wrap" tabIndex={0}>
              <table className="usage-table" data-testid="household-usage">
                <thead>
                  <tr>
                    <th scope="col">{t('member')}</th>
                    <th scope="col">{t('colInHearth')}</th>
                    <th scope="col">{t('colOtherTools')}</th>
                    <th scope="col">{t('tokensInAll')}</th>
                  </tr>
                </thead>
                <tbody>
                  {usage.data.items.map((u) => (
                    <tr key={u.user.id} data-testid="household-usage-row">
                      <td>
                        {u.user.displayName} <span className="usage-stat-sub">@{u.user.username}</span>
                      </td>
                      <td>{cell(u.chat)}</td>
                      <td>{cell(u.api)}</td>
                      <td>{formatCount(tokensOf(u.all))}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </Section>
  );
}
