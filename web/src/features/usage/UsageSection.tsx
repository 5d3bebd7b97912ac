/**
 * Settings → Usage: how many replies you asked for and how many tokens they took, from the web
 * app and from other tools (the /v1 gateway), per day.
 */
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { UsageCounts, UsageDay } from '#common/usage';
import { api } from '#web/lib/api';
import { EmptyState, ListSkeleton, LoadError, Section } from '#web/lib/ui/Section';
import { formatCount, formatDay, tokensOf } from './format';
import { RangePicker } from './RangePicker';
import { usageKeys } from './usage';
import './usage.css';
import { useTranslation } from 'react-i18next';

/** One total: replies, and tokens underneath. */
export function UsageStat({ label, counts, testId }: { label: string; counts: UsageCounts; testId?: string }) {
  const { t } = useTranslation('usage');
  return (
    <div className="usage-stat" data-testid={testId}>
      <div className="usage-stat-label">{label}</div>
      <div className="usage-stat-value">
        {t('replies', { count: counts.requests, formatted: formatCount(counts.requests) })}
      </div>
      <div className="usage-stat-sub">
        {t('tokens', { count: tokensOf(counts), formatted: formatCount(tokensOf(counts)) })}
      </div>
    </div>
  );
}

/** Days newest first, with web and API side by side. */
function byDay(items: UsageDay[]) {
  const days = new Map<string, { chat?: UsageDay; api?: UsageDay }>();
  for (const item of items) days.set(item.day, { ...days.get(item.day), [item.source]: item });
  return [...days.entries()];
}

const cell = (c: UsageCounts | undefined) => (c ? `${formatCount(c.requests)} · ${formatCount(tokensOf(c))}` : '—');

/** The section (no props: reads the signed-in user's counters). */
export function UsageSection() {
  const { t } = useTranslation('usage');
  const [days, setDays] = useState(30);
  const usage = useQuery({ queryKey: usageKeys.mine(days), queryFn: () => api.myUsage(days) });
  return (
    <Section
      title={t('usage')}
      description={t('mineDescription')}
      actions={<RangePicker id="usage-range" days={days} onChange={setDays} />}
      testId="usage-section"
    >
      {usage.isPending && <ListSkeleton />}
      {usage.isError && (
        <LoadError error={usage.error} onRetry={() => void usage.refetch()} what={t('whatYourUsage')} />
      )}
      {usage.data && (
        <>
          <div className="usage-stats">
            <UsageStat label={t('all')} counts={usage.data.totals.all} testId="usage-total" />
            <UsageStat label={t('inHearth')} counts={usage.data.totals.chat} testId="usage-chat" />
            <UsageStat label={t('fromOtherTools')} counts={usage.data.totals.api} testId="usage-api" />
          </div>
          {usage.data.items.length === 0 ? (
            <EmptyState testId="usage-empty">{t('nothingYet')}</EmptyState>
          ) : (
            <div className="usage-table-wrap" tabIndex={0}>
              <table className="usage-table" data-testid="usage-days">
                <thead>
                  <tr>
                    <th scope="col">{t('dayUtc')}</th>
                    <th scope="col">{t('colInHearth')}</th>
                    <th scope="col">{t('colOtherTools')}</th>
                  </tr>
                </thead>
                <tbody>
                  {byDay(usage.data.items).map(([day, row]) => (
                    <tr key={day}>
                      <td>{formatDay(day)}</td>
                      <td>{cell(row.chat)}</td>
                      <td>{cell(row.api)}</td>
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
