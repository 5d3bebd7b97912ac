/** Words and numbers people chat shows: names, presence, sizes, in the app's language. */
import { ApiError } from '#common/api-transport';
import { errorText } from '#web/lib/errors';
import { currentLocale, i18next } from '#web/lib/i18n';
import { formatRelative, numberFormat } from '#web/lib/ui/format';
import type { Person, Room, Sender } from './types';

/** A sender's name ("Former member" when the account is gone). */
export const senderName = (s: Sender | null | undefined) =>
  s ? s.displayName || s.username : i18next.t('messaging:words.formerMember');

/** A room's title for the caller: a direct room is named after the other person. */
export function roomTitle(room: Room, me: string): string {
  if (room.kind !== 'direct') return room.name;
  const other = room.members.find((m) => m.id !== me);
  return other ? other.displayName || other.username : room.name || i18next.t('messaging:words.directMessage');
}

/** The other member of a direct room. */
export const directPeer = (room: Room, me: string) =>
  room.kind === 'direct' ? (room.members.find((m) => m.id !== me) ?? null) : null;

/** "Online", "Away", "Last seen 5 minutes ago". */
export function presenceText(p: Pick<Person, 'presence' | 'lastSeenAt'>): string {
  if (p.presence === 'online') return i18next.t('messaging:presence.online');
  if (p.presence === 'away') return i18next.t('messaging:presence.away');
  return p.lastSeenAt
    ? i18next.t('messaging:presence.lastSeen', { when: formatRelative(p.lastSeenAt) })
    : i18next.t('messaging:presence.offline');
}

/** "1.4 MB", "820 KB", "12 bytes" (in German "1,4 MB"). */
export function fileSize(bytes: number): string {
  if (bytes < 1024) return i18next.t('messaging:size.bytes', { count: bytes });
  if (bytes < 1024 * 1024) return i18next.t('messaging:size.kb', { size: Math.round(bytes / 1024) });
  const mb = numberFormat('megabytes', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  return i18next.t('messaging:size.mb', { size: mb.format(bytes / 1024 / 1024) });
}

/** "14:05" today, "Mon 14:05" this week, else the date. */
export function messageTime(iso: string): string {
  const d = new Date(iso);
  const now = new Date();
  const locale = currentLocale();
  const time = d.toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' });
  if (d.toDateString() === now.toDateString()) return time;
  if (now.getTime() - d.getTime() < 6 * 86_400_000)
    return `${d.toLocaleDateString(locale, { weekday: 'short' })} ${time}`;
  return d.toLocaleDateString(locale, { day: 'numeric', month: 'short', year: 'numeric' });
}

/** A moment in full ("12/3/2026, 14:05:07"), for a time's tooltip. */
export const fullTime = (iso: string) => new Date(iso).toLocaleString(currentLocale());

/** The plain-words reason the upload of `name` failed (a 413 says the limit when the server gives it). */
export function uploadErrorText(err: unknown, name: string): string {
  const t = i18next.getFixedT(null, 'messaging');
  if (err instanceof ApiError && err.status === 413) {
    // The server names the limit; a proxy's bare 413 (no answer body) says nothing more.
    const why = err.facts.limitMb ? t('composer.tooBigLimit', { limit: err.facts.limitMb }) : t('composer.tooBigHint');
    return t('composer.tooBig', { name, why });
  }
  return t('composer.uploadFailed', { name, error: errorText(err) });
}
