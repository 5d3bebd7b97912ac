/* global window, document */
// Runs before the app bundle so the page never flashes the wrong theme. Keep in step with
// web/src/lib/theme.ts (same storage key, same attribute).
(function () {
  var root = document.documentElement;
  try {
    var pref = localStorage.getItem('hearth.theme');
    var dark =
      pref === 'dark' ||
      (pref !== 'light' && window.matchMedia && window.matchMedia('(prefers-color-scheme: dark)').matches);
    root.setAttribute('data-theme', dark ? 'dark' : 'light');
  } catch {
    root.setAttribute('data-theme', 'light');
  }
})();
