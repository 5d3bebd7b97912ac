/** Words and numbers people chat shows: names, presence, sizes. */
import { formatRelative } from '#web/lib/ui/format';
import type { Person, Room, Sender } from './types';

/** A sender's name ("Former member" when the account is gone). */
export const senderName = (s: Sender | null | undefined) => (s ? s.displayName || s.username : 'Former member');

/** A room's title for the caller: a direct room is named after the other person. */
export function roomTitle(room: Room, me: string): string {
  if (room.kind !== 'direct') return room.name;
  const other = room.members.find((m) => m.id !== me);
  return other ? other.displayName || other.username : room.name || 'Direct message';
}

/** The other member of a direct room. */
export const directPeer = (room: Room, me: string) =>
  room.kind === 'direct' ? (room.members.find((m) => m.id !== me) ?? null) : null;

/** "Online", "Away", "Last seen 5 minutes ago". */
export function presenceText(p: Pick<Person, 'presence' | 'lastSeenAt'>): string {
  if (p.presence === 'online') return 'Online';
  if (p.presence === 'away') return 'Away';
  return p.lastSeenAt ? `Last seen ${formatRelative(p.lastSeenAt)}` : 'Offline';
}

/** "1.4 MB", "820 KB", "12 bytes". */
export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** "14:05" today, "Mon 14:05" this week, else the date. */
export function messageTime(iso: string): string {
  const d = new Date(iso);
  const now = new Date();
  const time = d.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
  if (d.toDateString() === now.toDateString()) return time;
  if (now.getTime() - d.getTime() < 6 * 86_400_000)
    return `${d.toLocaleDateString(undefined, { weekday: 'short' })} ${time}`;
  return d.toLocaleDateString(undefined, { day: 'numeric', month: 'short', year: 'numeric' });
}
