/** Entry point: styles, theme, and the React root. */
import { StrictMode } from 'react';
import { z } from 'zod';
import { createRoot } from 'react-dom/client';
import { applyTheme, storedTheme } from '#web/lib/theme';
import { conversationPath } from '#web/lib/router';
import { lastConversation, resumed } from '#web/features/chat/lastConversation';
import './styles/base.css'; // first: feature styles must come after it in the bundle
import { App } from './app/App';

// zod would probe for eval() on load; the CSP forbids it and reports each probe as a violation.
z.config({ jitless: true });

// theme-init.js painted the right colours; this also follows the device when set to System.
applyTheme(storedTheme());

// A fresh visit to / continues the last conversation (the New chat button, later, does not).
const last = location.pathname === '/' ? lastConversation() : null;
if (last) {
  resumed.id = last;
  history.replaceState(null, '', conversationPath(last));
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
