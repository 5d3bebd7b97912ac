/**
 * The Music library tab: what the catalogue holds, a scan of one of the folders the server
 * allows (HEARTH_MUSIC_DIRS) with a live count, and the import of a Chinook catalogue file.
 */
import { useState, type ChangeEvent } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import type { MusicScan } from '#common/music';
import { api } from '#web/lib/api';
import { queryClient } from '#web/lib/queryClient';
import { formatDateTime } from '#web/lib/ui/format';
import { LoadError, ListSkeleton, Section } from '#web/lib/ui/Section';
import { adminErrorText } from '../admin';
import { musicKeys } from './realtime';

function Stats() {
  const stats = useQuery({ queryKey: musicKeys.stats, queryFn: () => api.musicStats() });
  if (stats.isPending) return <ListSkeleton rows={1} />;
  if (stats.isError) return <LoadError error={stats.error} onRetry={() => void stats.refetch()} what="the catalogue" />;
  const s = stats.data;
  return (
    <p data-testid="music-stats">
      {s.tracks} tracks · {s.albums} albums · {s.artists} artists · {s.genres} genres · {s.playlists} playlists
      {s.lastScanAt ? ` · last scanned ${formatDateTime(s.lastScanAt)}` : ''}
    </p>
  );
}

function ScanStatus({ scanId }: { scanId: string }) {
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
        {s.status === 'running' ? 'Scanning… ' : s.status === 'done' ? 'Scan finished: ' : 'Scan failed: '}
        {s.seen} files looked at · {s.added} new · {s.updated} changed · {s.removed} removed · {s.failed.length}{' '}
        unreadable
        {s.error ? ` — ${s.error}` : ''}
      </p>
      {s.failed.length > 0 && (
        <details>
          <summary>Files that could not be read</summary>
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
        Scanning from here is off: the server allows no music folders. Set HEARTH_MUSIC_DIRS, or run{' '}
        <code>hearth music scan &lt;folder&gt;</code> on the server.
      </p>
    );
  const chosen = folder || list[0]!;
  return (
    <div className="music-scan-form">
      <label>
        Folder to scan{' '}
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
        Scan
      </button>
      {start.isError && <p className="notice notice-error">{adminErrorText(start.error)}</p>}
      {scanId && <ScanStatus scanId={scanId} />}
    </div>
  );
}

function Import() {
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
        Import a Chinook file…
        <input type="file" accept=".sqlite,.db,.sqlite3" hidden onChange={onFile} data-testid="music-import" />
      </label>
      <p className="muted">It replaces the whole catalogue (scanned tracks too); the file is checked first.</p>
      {importing.isPending && <p role="status">Importing…</p>}
      {importing.isSuccess && (
        <p role="status">
          Imported {importing.data.tracks} tracks by {importing.data.artists} artists.
        </p>
      )}
      {importing.isError && <p className="notice notice-error">{adminErrorText(importing.error)}</p>}
    </div>
  );
}

/** Props: none. */
export function MusicSection() {
  return (
    <Section
      title="Music library"
      description="The household's catalogue the Music library task answers from. Only admins change it."
      testId="admin-music"
    >
      <Stats />
      <Scan />
      <Import />
    </Section>
  );
}
