/**
 * The Model servers tab: every server Hearth talks to. Ones added here can be edited, disabled
 * and deleted; ones from HEARTH_MODEL_SERVERS or found by probing keep their address from the
 * config but can be renamed. Each can be tested (reachability, model count, latency), and its
 * models named or hidden from members ("Names").
 */
import { useEffect, useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { AdminConnection, ConnectionTestResult } from '#common/admin';
import { api } from '#web/lib/api';
import { ConfirmDialog } from '#web/lib/ConfirmDialog';
import { PlusIcon, TrashIcon } from '#web/lib/icons';
import { Badge, EmptyState, ListSkeleton, LoadError, Section } from '#web/lib/ui/Section';
import { adminErrorText, refreshConnections, useAdminConnections } from '../admin';
import { ConnectionDialog } from './ConnectionDialog';
import { NamesPanel } from './NamesPanel';
import { providerLabel } from './presets';
import { TestResult } from './TestResult';
import { wantsAddServer } from '#web/features/firstrun/firstrun';
import { AddServerButton } from '#web/features/firstrun/NoModelsHint';

/** Where a server came from, as a key of the `connections` words (none for ones added here). */
const sourceKey = { env: 'row.fromEnv', probe: 'row.fromProbe', database: null } as const;

function Status({ c }: { c: AdminConnection }) {
  const { t } = useTranslation('connections');
  if (!c.enabled) return <Badge>{t('row.off')}</Badge>;
  if (c.reachable === null) return <Badge>{t('row.notChecked')}</Badge>;
  return c.reachable ? (
    <Badge tone="ok">{t('row.models', { count: c.modelCount ?? 0 })}</Badge>
  ) : (
    <Badge tone="danger">{t('row.unreachable')}</Badge>
  );
}

type RowProps = {
  c: AdminConnection;
  onEdit: () => void;
  onDelete: () => void;
  onToggle: () => void;
  toggling: boolean;
};

function ConnectionRow({ c, onEdit, onDelete, onToggle, toggling }: RowProps) {
  const test = useMutation<ConnectionTestResult, Error>({ mutationFn: () => api.adminTestConnection(c.id) });
  const [names, setNames] = useState(false);
  const { t } = useTranslation('connections');
  const source = sourceKey[c.source];
  return (
    <li
      className={`row connection-row${c.enabled ? '' : ' is-disabled'}`}
      data-testid="admin-connection-row"
      data-name={c.name}
    >
      <div className="row-main">
        <div className="row-title">
          <span>{c.name}</span>
          <Status c={c} />
          <Badge>{providerLabel(c.provider, t)}</Badge>
          {c.hasApiKey && <Badge testId="connection-has-key">{t('row.keySaved')}</Badge>}
        </div>
        <div className="row-sub">
          <span className="code-inline">{c.baseUrl}</span>
          {source && <span> · {t(source)}</span>}
        </div>
        {c.enabled && c.reachable === false && c.error && <div className="row-sub row-note">{c.error}</div>}
        <TestResult result={test.data} error={test.error} pending={test.isPending} />
        {names && <NamesPanel c={c} />}
      </div>
      <div className="row-actions">
        <button
          type="button"
          className="btn btn-sm"
          data-testid="connection-test"
          disabled={test.isPending}
          onClick={() => test.mutate()}
        >
          {t('row.test')}
        </button>
        <button
          type="button"
          className="btn btn-sm"
          data-testid="connection-names"
          aria-expanded={names}
          onClick={() => setNames((v) => !v)}
        >
          {t('row.names')}
        </button>
        {c.readOnly ? (
          <span className="hint read-only-note" title={t('row.addressInConfigWhy')}>
            {t('row.addressInConfig')}
          </span>
        ) : (
          <>
            <button type="button" className="btn btn-sm" data-testid="connection-edit" onClick={onEdit}>
              {t('row.edit')}
            </button>
            <button
              type="button"
              className="btn btn-sm"
              data-testid="connection-toggle"
              disabled={toggling}
              onClick={onToggle}
            >
              {c.enabled ? t('row.disable') : t('row.enable')}
            </button>
            <button
              type="button"
              className="btn btn-sm btn-danger-quiet"
              data-testid="connection-delete"
              aria-label={t('row.delete', { name: c.name })}
              title={t('row.delete', { name: c.name })}
              onClick={onDelete}
            >
              <TrashIcon size={15} />
            </button>
          </>
        )}
      </div>
    </li>
  );
}

/** Props: none. */
export function ConnectionsSection() {
  const { t } = useTranslation('connections');
  const connections = useAdminConnections();
  // "Add a model server" links elsewhere open the add dialog straight away (/admin/servers?add=1).
  const [editing, setEditing] = useState<AdminConnection | 'new' | null>(() =>
    wantsAddServer(location.search) ? 'new' : null,
  );
  useEffect(() => {
    if (wantsAddServer(location.search)) history.replaceState(history.state, '', location.pathname);
  }, []);
  const [deleting, setDeleting] = useState<AdminConnection | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const toggle = useMutation({
    mutationFn: (c: AdminConnection) => api.adminUpdateConnection(c.id, { enabled: !c.enabled }),
    onSuccess: () => refreshConnections(),
  });
  const remove = useMutation({
    mutationFn: (c: AdminConnection) => api.adminDeleteConnection(c.id),
    onSuccess: (_v, c) => {
      refreshConnections();
      setDeleting(null);
      setNotice(t('section.removed', { name: c.name }));
    },
    onError: () => setDeleting(null),
  });
  const items = connections.data?.items ?? [];
  const error = toggle.error ?? remove.error;

  return (
    <>
      <Section
        title={t('section.title')}
        description={t('section.description')}
        testId="admin-connections"
        actions={
          <button
            type="button"
            className="btn btn-primary"
            data-testid="connection-add"
            onClick={() => {
              setNotice(null);
              setEditing('new');
            }}
          >
            <PlusIcon size={16} /> {t('section.addServer')}
          </button>
        }
      >
        {notice && (
          <p className="saved-note section-note" role="status">
            {notice}
          </p>
        )}
        {error && (
          <div className="notice notice-error section-note" role="alert">
            {adminErrorText(error)}
          </div>
        )}
        {connections.isPending ? (
          <ListSkeleton rows={2} />
        ) : connections.isError ? (
          <LoadError error={connections.error} what={t('section.what')} onRetry={() => void connections.refetch()} />
        ) : items.length === 0 ? (
          <EmptyState testId="connections-empty">
            {t('section.empty')} <AddServerButton onClick={() => setEditing('new')} />
          </EmptyState>
        ) : (
          <ul className="rows" aria-label={t('section.title')}>
            {items.map((c) => (
              <ConnectionRow
                key={c.id}
                c={c}
                toggling={toggle.isPending}
                onEdit={() => {
                  setNotice(null);
                  setEditing(c);
                }}
                onDelete={() => setDeleting(c)}
                onToggle={() => toggle.mutate(c)}
              />
            ))}
          </ul>
        )}
      </Section>
      <ConnectionDialog
        open={editing !== null}
        connection={editing === 'new' ? null : editing}
        onClose={() => setEditing(null)}
        onSaved={(c, created) => {
          setEditing(null);
          setNotice(t(created ? 'section.added' : 'section.saved', { name: c.name }));
        }}
      />
      {!!deleting && (
        <ConfirmDialog
          open
          title={t('section.removeTitle', { name: deleting?.name ?? '' })}
          body={t('section.removeBody')}
          confirmLabel={t('section.removeConfirm')}
          danger
          busy={remove.isPending}
          onConfirm={() => deleting && remove.mutate(deleting)}
          onCancel={() => setDeleting(null)}
        />
      )}
    </>
  );
}
