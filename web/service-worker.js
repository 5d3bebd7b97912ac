/* global self, caches */
// Hearth's service worker (built into dist/web/sw.js by vite.service-worker.ts, which fills in
// the version and the app shell's files). It makes Hearth open at once from the home screen and,
// when the server can't be reached, show the app's own "can't reach Hearth" page instead of the
// browser's error. It never touches the API, the WebSocket or streamed replies: those always go
// to the server, so nobody ever sees stale conversations.
const VERSION = '__HEARTH_VERSION__';
const SHELL = [/* the app shell, filled in at build */];
const CACHE = `hearth-shell-${VERSION}`;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(SHELL))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(names.filter((n) => n.startsWith('hearth-shell-') && n !== CACHE).map((n) => caches.delete(n))),
      )
      .then(() => self.clients.claim()),
  );
});

const NEVER = ['/api/', '/v1/', '/healthz', '/readyz', '/metrics', '/sw.js'];

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || NEVER.some((p) => url.pathname.startsWith(p))) return;

  if (request.mode === 'navigate') {
    // The page itself: always the server's newest; the cached shell only when it can't answer.
    event.respondWith(fetch(request).catch(() => caches.match('/').then((r) => r || offlineResponse())));
    return;
  }
  if (url.pathname.startsWith('/assets/')) {
    // Hashed file names never change content: the cache first, and keep what was fetched.
    event.respondWith(
      caches.match(request).then(
        (hit) =>
          hit ||
          fetch(request).then((response) => {
            if (response.ok) {
              const copy = response.clone();
              void caches.open(CACHE).then((cache) => cache.put(request, copy));
            }
            return response;
          }),
      ),
    );
    return;
  }
  // Icons, the manifest and the like: the network, the cache when offline.
  event.respondWith(fetch(request).catch(() => caches.match(request).then((r) => r || offlineResponse())));
});

function offlineResponse() {
  return new Response('Hearth can’t be reached right now. Check that you are on the home network.', {
    status: 503,
    headers: { 'Content-Type': 'text/plain; charset=utf-8' },
  });
}
