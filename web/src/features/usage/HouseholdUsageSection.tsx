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

const cell = (c: UsageCounts) => (c.requests ? `${formatCount(c.requests)} · ${formatCount(tokensOf(c))}` : '—');

/** The section (no props; admins only — the server answers 403 to anyone else). */
export function HouseholdUsageSection() {
  const [days, setDays] = useState(30);
  const usage = useQuery({ queryKey: usageKeys.household(days), queryFn: () => api.householdUsage(days) });
  return (
    <Section
      title="Usage"
      description="Replies and tokens per member, in Hearth and from other tools through the OpenAI-compatible /v1 address."
      actions={<RangePicker id="household-usage-range" days={days} onChange={setDays} />}
      testId="household-usage-section"
    >
      {usage.isPending && <ListSkeleton />}
      {usage.isError && <LoadError error={usage.error} onRetry={() => void usage.refetch()} what="usage" />}
      {usage.data && (
        <>
          <div className="usage-stats">
            <UsageStat label="Household" counts={usage.data.totals.all} />
            <UsageStat label="In Hearth" counts={usage.data.totals.chat} />
            <UsageStat label="From other tools" counts={usage.data.totals.api} />
          </div>
          {usage.data.items.length === 0 ? (
            <EmptyState>Nobody used a model in this range.</EmptyState>
          ) : (
            <div className="usage-table-wrap" tabIndex={0}>
              <table className="usage-table" data-testid="household-usage">
                <thead>
                  <tr>
                    <th scope="col">Member</th>
                    <th scope="col">In Hearth: replies · tokens</th>
                    <th scope="col">Other tools: replies · tokens</th>
                    <th scope="col">Tokens in all</th>
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
