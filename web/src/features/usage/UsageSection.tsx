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

/** One total: replies, and tokens underneath. */
export function UsageStat({ label, counts, testId }: { label: string; counts: UsageCounts; testId?: string }) {
  return (
    <div className="usage-stat" data-testid={testId}>
      <div className="usage-stat-label">{label}</div>
      <div className="usage-stat-value">
        {formatCount(counts.requests)} {counts.requests === 1 ? 'reply' : 'replies'}
      </div>
      <div className="usage-stat-sub">{formatCount(tokensOf(counts))} tokens</div>
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
  const [days, setDays] = useState(30);
  const usage = useQuery({ queryKey: usageKeys.mine(days), queryFn: () => api.myUsage(days) });
  return (
    <Section
      title="Usage"
      description="Replies you asked for and the tokens they took. Tokens are the model server’s count, or an estimate when it gives none."
      actions={<RangePicker id="usage-range" days={days} onChange={setDays} />}
      testId="usage-section"
    >
      {usage.isPending && <ListSkeleton />}
      {usage.isError && <LoadError error={usage.error} onRetry={() => void usage.refetch()} what="your usage" />}
      {usage.data && (
        <>
          <div className="usage-stats">
            <UsageStat label="All" counts={usage.data.totals.all} testId="usage-total" />
            <UsageStat label="In Hearth" counts={usage.data.totals.chat} testId="usage-chat" />
            <UsageStat label="From other tools" counts={usage.data.totals.api} testId="usage-api" />
          </div>
          {usage.data.items.length === 0 ? (
            <EmptyState testId="usage-empty">Nothing yet in this range.</EmptyState>
          ) : (
            <div className="usage-table-wrap" tabIndex={0}>
              <table className="usage-table" data-testid="usage-days">
                <thead>
                  <tr>
                    <th scope="col">Day (UTC)</th>
                    <th scope="col">In Hearth: replies · tokens</th>
                    <th scope="col">Other tools: replies · tokens</th>
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
