/** Entry point: styles, theme, and the React root. */
// First: zod's JIT must be off before any schema is built (see the module).
import './zod-jitless';
// Before any component renders: the words of the chosen language.
import '#web/lib/i18n';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { applyTheme, storedTheme } from '#web/lib/theme';
import { registerServiceWorker } from '#web/lib/serviceWorker';
import { conversationPath } from '#web/lib/router';
import { lastConversation, resumed } from '#web/features/chat/lastConversation';
import './styles/base.css'; // first: feature styles must come after it in the bundle
import { App } from './app/App';

// theme-init.js painted the right colours; this also follows the device when set to System.
applyTheme(storedTheme());

// A fresh visit to / continues the last conversation (the New chat button, later, does not).
const last = location.pathname === '/' ? lastConversation() : null;
if (last) {
  resumed.id = last;
  history.replaceState(null, '', conversationPath(last));
}

registerServiceWorker();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
