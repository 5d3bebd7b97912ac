/**
 * What people chat does on every signed-in screen: the unread total in the tab title and the
 * app badge, and `active` frames on input so presence says "online" (never while the tab is
 * hidden: the server then counts the member away after five minutes).
 */
import { useEffect } from 'react';
import { useMessaging, useRooms } from './hooks';
import type { Room } from './types';

/** Unread messages over unmuted rooms. */
export const unreadTotal = (rooms: readonly Room[] | undefined) =>
  (rooms ?? []).reduce((n, r) => n + (r.muted ? 0 : r.unread), 0);

const PREFIX = /^\(\d+\+?\) /;

/** Keeps "(3) " in front of whatever title the page sets. */
function useUnreadTitle(total: number) {
  useEffect(() => {
    const apply = () => {
      const base = document.title.replace(PREFIX, '');
      const want = total > 0 ? `(${total > 99 ? '99+' : total}) ${base}` : base;
      if (document.title !== want) document.title = want;
    };
    apply();
    const title = document.querySelector('title');
    if (!title) return;
    const observer = new MutationObserver(apply);
    observer.observe(title, { childList: true, characterData: true, subtree: true });
    return () => {
      observer.disconnect();
      document.title = document.title.replace(PREFIX, '');
    };
  }, [total]);
}

type BadgeNavigator = Navigator & { setAppBadge?: (n?: number) => Promise<void>; clearAppBadge?: () => Promise<void> };

/** The installed app's badge, where the browser has one. */
function useAppBadge(total: number) {
  useEffect(() => {
    const nav = navigator as BadgeNavigator;
    if (!nav.setAppBadge) return;
    const done = total > 0 ? nav.setAppBadge(total) : nav.clearAppBadge?.();
    done?.catch(() => undefined);
  }, [total]);
}

/**
 * On phones the on-screen keyboard covers the bottom of the layout viewport; the visual
 * viewport's height says how much is left, so the composer is kept above the keyboard.
 */
function useVisualHeight() {
  useEffect(() => {
    const vv = window.visualViewport;
    if (!vv) return;
    const root = document.documentElement;
    const apply = () => root.style.setProperty('--visual-height', `${Math.round(vv.height)}px`);
    apply();
    vv.addEventListener('resize', apply);
    return () => {
      vv.removeEventListener('resize', apply);
      root.style.removeProperty('--visual-height');
    };
  }, []);
}

/** Call once in the signed-in shell. */
export function useMessagingBackground(): void {
  const messaging = useMessaging();
  const rooms = useRooms();
  const total = unreadTotal(rooms.data);
  useUnreadTitle(total);
  useAppBadge(total);
  useVisualHeight();
  useEffect(() => {
    const onInput = () => messaging.active();
    const events = ['keydown', 'pointerdown', 'focus'] as const;
    for (const e of events) window.addEventListener(e, onInput, { passive: true });
    document.addEventListener('visibilitychange', onInput);
    return () => {
      for (const e of events) window.removeEventListener(e, onInput);
      document.removeEventListener('visibilitychange', onInput);
    };
  }, [messaging]);
}
