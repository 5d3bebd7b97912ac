/**
 * The Music library tab's live count: each WebSocket `music.scan` event (sent to the admin who
 * started the scan) updates that scan's cached status, and a finished scan refreshes the stats.
 */
import type { QueryClient } from '@tanstack/react-query';
import type { MusicScan } from '#common/music';
import type { RealtimeRegistration } from '#web/lib/realtime/dispatcher';

/** The tab's query keys. */
export const musicKeys = {
  stats: ['music', 'stats'] as const,
  folders: ['admin', 'music', 'folders'] as const,
  scan: (id: string) => ['admin', 'music', 'scan', id] as const,
};

/** The handlers the admin tab registers into the app's dispatcher. */
export function musicRealtime(queryClient: QueryClient): RealtimeRegistration {
  return {
    'music.scan': ({ scanId, seen, added, updated, removed, done }) => {
      queryClient.setQueryData<MusicScan>(musicKeys.scan(scanId), (s) =>
        s ? { ...s, seen, added, updated, removed, ...(done ? {} : { status: 'running' as const }) } : s,
      );
      if (done) {
        void queryClient.invalidateQueries({ queryKey: musicKeys.scan(scanId) });
        void queryClient.invalidateQueries({ queryKey: musicKeys.stats });
      }
    },
  };
}
