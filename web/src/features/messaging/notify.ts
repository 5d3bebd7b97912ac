/**
 * Browser notifications for people chat, shown only while the tab is hidden, only after the
 * member allowed them from Settings (never asked on page load). They need a secure context
 * (HTTPS or localhost); nothing goes through an outside push service.
 */
import { i18next } from '#web/lib/i18n';
import { senderName } from './format';
import type { Room, RoomMessage } from './types';

/** Where notifications stand in this browser, in the words Settings uses. */
export type NotifyState = 'unsupported' | 'insecure' | 'default' | 'granted' | 'denied';

/** The state of browser notifications here. */
export function notifyState(): NotifyState {
  // Browsers hide the Notification API itself on an insecure page: check that first.
  if (!globalThis.isSecureContext) return 'insecure';
  if (!('Notification' in globalThis)) return 'unsupported';
  return Notification.permission;
}

/** Asks the browser (call from a click only). */
export async function askPermission(): Promise<NotifyState> {
  if (notifyState() !== 'default') return notifyState();
  await Notification.requestPermission();
  return notifyState();
}

/** A short preview of a message for a notification. */
export function preview(message: RoomMessage): string {
  // Markdown's marks say nothing in a one-line preview: **dinner** reads as dinner.
  const text = message.text
    .replace(/```[\s\S]*?```/g, ` ${i18next.t('messaging:notify.code')} `)
    .replace(/[*_~`#>]+/g, '')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
  if (text) return text.length > 140 ? `${text.slice(0, 139)}…` : text;
  if (message.attachments.length) {
    const images = message.attachments.every((a) => a.type.startsWith('image/'));
    return images
      ? i18next.t('messaging:notify.sentPhoto')
      : i18next.t('messaging:notify.sentFile', { name: message.attachments[0]!.name });
  }
  return i18next.t('messaging:notify.newMessage');
}

/** Shows a notification for a new message when the tab is hidden; a click opens the room. */
export function notifyMessage(room: Room, message: RoomMessage, me: string, open: (roomId: string) => void): void {
  if (notifyState() !== 'granted' || document.visibilityState !== 'hidden') return;
  if (room.muted || message.sender?.id === me || message.kind !== 'person' || message.deletedAt) return;
  const who = senderName(message.sender);
  const mentioned = message.mentions.includes(me);
  const title =
    room.kind === 'direct'
      ? who
      : i18next.t(mentioned ? 'messaging:notify.mentioned' : 'messaging:notify.inRoom', { who, room: room.name });
  try {
    const n = new Notification(title, { body: preview(message), tag: `room-${room.id}`, data: { roomId: room.id } });
    n.onclick = () => {
      window.focus();
      open(room.id);
      n.close();
    };
  } catch {
    // Some mobile browsers allow notifications only from a service worker: nothing to show.
  }
}
