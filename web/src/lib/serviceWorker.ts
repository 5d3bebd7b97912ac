/**
 * Registers the service worker (dist/web/sw.js, built by vite.service-worker.ts) so Hearth opens
 * at once from the home screen and shows its own "can't reach Hearth" page when offline.
 * Browsers allow service workers only in a secure context (HTTPS, or localhost); on
 * http://192.168.x.x there is none, and Hearth simply works as a web page.
 */
export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator) || !window.isSecureContext) return;
  // After the first paint: the page's own requests go first on a slow link.
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('/sw.js').catch(() => {
      // Not fatal: Hearth works without it, only not offline.
    });
  });
}
