/**
 * The Music library tab: what the catalogue holds, a scan of one of the folders the server
 * allows (HEARTH_MUSIC_DIRS) with a live count, and the import of a Chinook catalogue file.
 */
import { useState, type ChangeEvent } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Trans, useTranslation } from 'react-i18next';
import type { MusicScan } from '#common/music';
import { api } from '#web/lib/api';
import { queryClient } from '#web/lib/queryClient';
import { formatDateTime } from '#web/lib/ui/format';
import { LoadError, ListSkeleton, Section } from '#web/lib/ui/Section';
import { adminErrorText } from '../admin';
import { musicKeys } from './realtime';

function Stats() {
  const { t } = useTranslation('music');
  const stats = useQuery({ queryKey: musicKeys.stats, queryFn: () => api.musicStats() });
  if (stats.isPending) return <ListSkeleton rows={1} />;
  if (stats.isError)
    return <LoadError error={stats.error} onRetry={() => void stats.refetch()} what={t('stats.what')} />;
  const s = stats.data;
  const parts = [
    t('stats.tracks', { count: s.tracks }),
    t('stats.albums', { count: s.albums }),
    t('stats.artists', { count: s.artists }),
    t('stats.genres', { count: s.genres }),
    t('stats.playlists', { count: s.playlists }),
  ];
  if (s.lastScanAt) parts.push(t('stats.lastScanned', { when: formatDateTime(s.lastScanAt) }));
  return <p data-testid="music-stats">{parts.join(' · ')}</p>;
}

function ScanStatus({ scanId }: { scanId: string }) {
  const { t } = useTranslation('music');
  const scan = useQuery({
    queryKey: musicKeys.scan(scanId),
    queryFn: () => api.adminMusicScanStatus(scanId),
    // The WebSocket's `music.scan` events keep the count live; this catches a missed one.
    refetchInterval: (q) => (q.state.data?.status === 'running' ? 3000 : false),
  });
  const s: MusicScan | undefined = scan.data;
  if (!s) return null;
  return (
    <div className="music-scan" role="status" data-testid="music-scan-status" data-status={s.status}>
      <p>
        {t(s.status === 'running' ? 'scan.running' : s.status === 'done' ? 'scan.done' : 'scan.failed')}{' '}
        {t('scan.counts', {
          count: s.seen,
          added: s.added,
          updated: s.updated,
          removed: s.removed,
          unreadable: s.failed.length,
        })}
        {s.error ? ` — ${s.error}` : ''}
      </p>
      {s.failed.length > 0 && (
        <details>
          <summary>{t('scan.unreadableFiles')}</summary>
          <ul>
            {s.failed.map((f) => (
              <li key={f.path}>
                {f.path}: {f.reason}
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}

function Scan() {
  const { t } = useTranslation('music');
  const folders = useQuery({ queryKey: musicKeys.folders, queryFn: () => api.adminMusicFolders() });
  const [folder, setFolder] = useState('');
  const [scanId, setScanId] = useState<string | null>(null);
  const start = useMutation({
    mutationFn: (path: string) => api.adminMusicScan(path),
    onSuccess: ({ scanId }) => setScanId(scanId),
  });
  if (folders.isPending) return null;
  const list = folders.data?.folders ?? [];
  if (list.length === 0)
    return (
      <p className="muted">
        <Trans t={t} i18nKey="scan.off" components={{ code: <code /> }} />
      </p>
    );
  const chosen = folder || list[0]!;
  return (
    <div className="music-scan-form">
      <label>
        {t('scan.folder')}{' '}
        <select value={chosen} onChange={(e) => setFolder(e.target.value)} data-testid="music-folder">
          {list.map((f) => (
            <option key={f} value={f}>
              {f}
            </option>
          ))}
        </select>
      </label>{' '}
      <button
        type="button"
        className="btn btn-primary btn-sm"
        disabled={start.isPending}
        onClick={() => start.mutate(chosen)}
        data-testid="music-scan"
      >
        {t('scan.start')}
      </button>
      {start.isError && <p className="notice notice-error">{adminErrorText(start.error)}</p>}
      {scanId && <ScanStatus scanId={scanId} />}
    </div>
  );
}

function Import() {
  const { t } = useTranslation('music');
  const importing = useMutation({
    mutationFn: (file: File) => api.adminMusicImport(file),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: musicKeys.stats }),
  });
  const onFile = (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    if (file) importing.mutate(file);
    e.target.value = '';
  };
  return (
    <div className="music-import">
      <label className="btn btn-sm">
        {t('import.choose')}
        <input type="file" accept=".sqlite,.db,.sqlite3" hidden onChange={onFile} data-testid="music-import" />
      </label>
      <p className="muted">{t('import.replaces')}</p>
      {importing.isPending && <p role="status">{t('import.importing')}</p>}
      {importing.isSuccess && (
        <p role="status">
          {t('import.imported', {
            tracks: t('stats.tracks', { count: importing.data.tracks }),
            artists: t('stats.artists', { count: importing.data.artists }),
          })}
        </p>
      )}
      {importing.isError && <p className="notice notice-error">{adminErrorText(importing.error)}</p>}
    </div>
  );
}

/** Props: none. */
export function MusicSection() {
  const { t } = useTranslation('music');
  return (
    <Section title={t('section.title')} description={t('section.description')} testId="admin-music">
      <Stats />
      <Scan />
      <Import />
    </Section>
  );
}
