/** A tiny History API router: a handful of routes, no dependency. */
import { useMemo, useSyncExternalStore } from 'react';

export type Route =
  | { name: 'home' }
  | { name: 'conversation'; id: string; messageId: string | null }
  | { name: 'people' }
  | { name: 'room'; id: string; messageId: string | null }
  | { name: 'login'; next: string | null }
  | { name: 'setup'; token: string }
  | { name: 'invite'; token: string }
  | { name: 'settings'; section: string | null }
  | { name: 'admin'; section: string | null }
  | { name: 'family'; childId: string | null; conversationId: string | null }
  | { name: 'not-found' };

const NAV_EVENT = 'hearth:navigate';

/** Parses a path + search string into a Route. */
export function parseRoute(pathname: string, search: string): Route {
  const params = new URLSearchParams(search);
  if (pathname === '/' || pathname === '') return { name: 'home' };
  if (pathname === '/login') return { name: 'login', next: params.get('next') };
  if (pathname === '/setup') return { name: 'setup', token: params.get('token') ?? '' };
  // An admin's invite link (`/signup?token=…`; `/invite` also works).
  if (pathname === '/invite' || pathname === '/signup') return { name: 'invite', token: params.get('token') ?? '' };
  const page = /^\/(settings|admin)(?:\/([a-z-]+))?\/?$/.exec(pathname);
  if (page) return { name: page[1] === 'admin' ? 'admin' : 'settings', section: page[2] ?? null };
  if (pathname === '/people' || pathname === '/people/') return { name: 'people' };
  if (pathname === '/family' || pathname === '/family/')
    return { name: 'family', childId: params.get('child'), conversationId: params.get('c') };
  const room = /^\/r\/([^/]+)\/?$/.exec(pathname);
  if (room) return { name: 'room', id: decodeURIComponent(room[1]!), messageId: params.get('m') };
  const m = /^\/c\/([^/]+)\/?$/.exec(pathname);
  if (m) return { name: 'conversation', id: decodeURIComponent(m[1]!), messageId: params.get('m') };
  return { name: 'not-found' };
}

/** Goes to `to` (a same-origin path) without reloading. */
export function navigate(to: string, options: { replace?: boolean } = {}): void {
  const current = location.pathname + location.search;
  if (to === current) return;
  if (options.replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  window.dispatchEvent(new Event(NAV_EVENT));
}

/** The path of a conversation; with `messageId`, opened scrolled to that message (`?m=`). */
export const conversationPath = (id: string, messageId?: string | null) =>
  `/c/${encodeURIComponent(id)}${messageId ? `?m=${encodeURIComponent(messageId)}` : ''}`;

function subscribe(onChange: () => void) {
  window.addEventListener('popstate', onChange);
  window.addEventListener(NAV_EVENT, onChange);
  return () => {
    window.removeEventListener('popstate', onChange);
    window.removeEventListener(NAV_EVENT, onChange);
  };
}

const snapshot = () => location.pathname + location.search;

/** The current route; re-renders on navigation. */
export function useRoute(): Route {
  const href = useSyncExternalStore(subscribe, snapshot);
  return useMemo(() => {
    const url = new URL(href, location.origin);
    return parseRoute(url.pathname, url.search);
  }, [href]);
}

/** Click handler for <a> elements: client-side navigation unless a modifier key is held. */
export function onLinkClick(event: React.MouseEvent<HTMLAnchorElement>, to: string): void {
  if (event.defaultPrevented || event.button !== 0) return;
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  event.preventDefault();
  navigate(to);
}
