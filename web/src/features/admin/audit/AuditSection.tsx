/** The Audit log tab: security events, newest first, filterable by action, user and date. */
import { useMemo, useState } from 'react';
import type { AuditEntry } from '#common/admin';
import { Badge, EmptyState, ListSkeleton, LoadError, Section } from '#web/lib/ui/Section';
import { formatDateTime } from '#web/lib/ui/format';
import { useAdminUsers, useAuditLog, type AuditFilters } from '../admin';
import { actionFilterOptions, actionLabel, alarming, auditSentence, otherActions, who } from './actions';
import { useTranslation } from 'react-i18next';

const noFilters: AuditFilters = { action: '', actorId: '', from: '', to: '' };

function AuditRow({ e, displayNames }: { e: AuditEntry; displayNames: ReadonlyMap<string, string> }) {
  const { t, i18n } = useTranslation('admin');
  const label = actionLabel(e.action, t);
  return (
    <tr data-testid="audit-row" data-action={e.action}>
      <td data-label={t('colTime')}>
        <time dateTime={e.at}>{formatDateTime(e.at)}</time>
      </td>
      <td data-label={t('colWho')}>{who(e.actor, t)}</td>
      <td data-label={t('colAction')}>{alarming.has(e.action) ? <Badge tone="warn">{label}</Badge> : label}</td>
      {/* A sentence in the app's language: names, not ids or field names. */}
      <td data-label={t('colWhat')} className="audit-detail">
        {auditSentence(e, displayNames, t, i18n.language)}
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
  const displayNames = useMemo(() => new Map((users.data ?? []).map((u) => [u.id, u.displayName])), [users.data]);

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
            {actionFilterOptions(t).map((g) => (
              <optgroup key={g.prefix} label={g.group}>
                <option value={g.prefix}>{g.all}</option>
                {g.actions.map((a) => (
                  <option key={a} value={a}>
                    {actionLabel(a, t)}
                  </option>
                ))}
              </optgroup>
            ))}
            <optgroup label={t('other')}>
              {otherActions.map((a) => (
                <option key={a} value={a}>
                  {actionLabel(a, t)}
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
      {/* The sentences name people by their display names: the user list comes first. */}
      {log.isPending || users.isPending ? (
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
                  <AuditRow key={e.id} e={e} displayNames={displayNames} />
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
