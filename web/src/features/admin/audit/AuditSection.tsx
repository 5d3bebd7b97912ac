/** The Audit log tab: security events, newest first, filterable by action, user and date. */
import { useMemo, useState } from 'react';
import type { AuditEntry } from '#common/admin';
import { Badge, EmptyState, ListSkeleton, LoadError, Section } from '#web/lib/ui/Section';
import { formatDateTime } from '#web/lib/ui/format';
import { useAdminUsers, useAuditLog, type AuditFilters } from '../admin';
import { actionFilterOptions, actionLabel, alarming, otherActions, who } from './actions';
import { useTranslation } from 'react-i18next';

const noFilters: AuditFilters = { action: '', actorId: '', from: '', to: '' };

function AuditRow({ e }: { e: AuditEntry }) {
  const { t } = useTranslation('admin');
  return (
    <tr data-testid="audit-row" data-action={e.action}>
      <td data-label={t('colTime')}>
        <time dateTime={e.at}>{formatDateTime(e.at)}</time>
      </td>
      <td data-label={t('colWho')}>{who(e.actor)}</td>
      <td data-label={t('colAction')}>
        {alarming.has(e.action) ? <Badge tone="warn">{actionLabel(e.action)}</Badge> : actionLabel(e.action)}
      </td>
      {/* The server's sentence: names, not ids or field names. */}
      <td data-label={t('colWhat')} className="audit-detail">
        {e.summary}
      </td>
      <td data-label={t('colIp')} className="audit-ip">
        {e.ip ?? '—'}
      </td>
    </tr>
  );
}

/** Props: none. */
export function AuditSection() {
  const { t } = useTranslation('admin');
  const [filters, setFilters] = useState<AuditFilters>(noFilters);
  const log = useAuditLog(filters);
  const users = useAdminUsers();
  const entries = useMemo(() => log.data?.pages.flatMap((p) => p.items) ?? [], [log.data]);
  const set = (k: keyof AuditFilters, v: string) => setFilters((f) => ({ ...f, [k]: v }));
  const filtered = Object.values(filters).some(Boolean);

  return (
    <Section title={t('auditTitle')} description={t('auditDescription')} testId="admin-audit">
      <div className="audit-filters" role="search" aria-label={t('auditFilter')}>
        <div className="field">
          <label htmlFor="audit-action">{t('colAction')}</label>
          <select
            id="audit-action"
            className="input select"
            data-testid="audit-filter-action"
            value={filters.action}
            onChange={(e) => set('action', e.target.value)}
          >
            <option value="">{t('allActions')}</option>
            {actionFilterOptions.map((g) => (
              <optgroup key={g.prefix} label={g.group}>
                <option value={g.prefix}>{t('allOfGroup', { group: g.group.toLowerCase() })}</option>
                {g.actions.map((a) => (
                  <option key={a} value={a}>
                    {actionLabel(a)}
                  </option>
                ))}
              </optgroup>
            ))}
            <optgroup label={t('other')}>
              {otherActions.map((a) => (
                <option key={a} value={a}>
                  {actionLabel(a)}
                </option>
              ))}
            </optgroup>
          </select>
        </div>
        <div className="field">
          <label htmlFor="audit-user">{t('doneBy')}</label>
          <select
            id="audit-user"
            className="input select"
            data-testid="audit-filter-user"
            value={filters.actorId}
            onChange={(e) => set('actorId', e.target.value)}
          >
            <option value="">{t('anyone')}</option>
            {(users.data ?? []).map((u) => (
              <option key={u.id} value={u.id}>
                {u.displayName || u.username} (@{u.username})
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="audit-from">{t('from')}</label>
          <input
            id="audit-from"
            type="date"
            className="input"
            data-testid="audit-filter-from"
            value={filters.from}
            max={filters.to || undefined}
            onChange={(e) => set('from', e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="audit-to">{t('to')}</label>
          <input
            id="audit-to"
            type="date"
            className="input"
            data-testid="audit-filter-to"
            value={filters.to}
            min={filters.from || undefined}
            onChange={(e) => set('to', e.target.value)}
          />
        </div>
        {filtered && (
          <button
            type="button"
            className="btn btn-ghost audit-clear"
            data-testid="audit-filter-clear"
            onClick={() => setFilters(noFilters)}
          >
            {t('clearFilters')}
          </button>
        )}
      </div>
      {log.isPending ? (
        <ListSkeleton rows={5} />
      ) : log.isError ? (
        <LoadError error={log.error} what={t('whatAudit')} onRetry={() => void log.refetch()} />
      ) : entries.length === 0 ? (
        <EmptyState testId="audit-empty">{filtered ? t('nothingMatches') : t('nothingRecorded')}</EmptyState>
      ) : (
        <>
          <div className="table-wrap">
            <table className="audit-table">
              <thead>
                <tr>
                  <th scope="col">{t('colTime')}</th>
                  <th scope="col">{t('colWho')}</th>
                  <th scope="col">{t('colAction')}</th>
                  <th scope="col">{t('colWhat')}</th>
                  <th scope="col">{t('colIp')}</th>
                </tr>
              </thead>
              <tbody>
                {entries.map((e) => (
                  <AuditRow key={e.id} e={e} />
                ))}
              </tbody>
            </table>
          </div>
          {log.hasNextPage && (
            <button
              type="button"
              className="btn btn-block load-more"
              data-testid="audit-load-more"
              disabled={log.isFetchingNextPage}
              onClick={() => void log.fetchNextPage()}
            >
              {log.isFetchingNextPage ? t('loadingMore') : t('loadMore')}
            </button>
          )}
          {log.isFetchNextPageError && (
            <p className="field-error" role="alert">
              {t('couldNotLoadMore')}
            </p>
          )}
        </>
      )}
    </Section>
  );
}
