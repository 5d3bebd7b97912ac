/**
 * The browser's end of the realtime client: one socket per tab on this origin, events to the
 * dispatcher, and an early retry when the tab comes back online or into view.
 */
import { createRealtimeClient } from '#common/realtime-client';
import type { RealtimeDispatcher } from './dispatcher';

/** Opens the tab's socket; returns a function that closes it for good. */
export function connectRealtime(
  dispatcher: RealtimeDispatcher,
  handlers: { onSignedOut: (wake: () => void) => void },
): () => void {
  const client = createRealtimeClient({
    url: () => `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/api/ws`,
    WebSocket,
    onEvent: (event) => dispatcher.dispatch(event),
    onReconnect: () => dispatcher.reconnected(),
    onSignedOut: () => handlers.onSignedOut(() => client.wake()),
  });
  dispatcher.attach((message) => client.send(message));
  // Back online or back in view: try at once instead of waiting out the back-off.
  const wake = () => {
    if (document.visibilityState === 'visible') client.wake();
  };
  window.addEventListener('online', wake);
  document.addEventListener('visibilitychange', wake);
  return () => {
    window.removeEventListener('online', wake);
    document.removeEventListener('visibilitychange', wake);
    dispatcher.attach(null);
    client.close();
  };
}
