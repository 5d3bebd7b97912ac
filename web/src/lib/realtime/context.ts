/** The app's dispatcher, passed down by React context (created once in App, not at module level). */
import { createContext, useContext } from 'react';
import type { RealtimeDispatcher } from './dispatcher';

export const RealtimeContext = createContext<RealtimeDispatcher | null>(null);

/** The dispatcher of the app; throws outside its provider. */
export function useRealtimeDispatcher(): RealtimeDispatcher {
  const dispatcher = useContext(RealtimeContext);
  if (!dispatcher) throw new Error('useRealtimeDispatcher outside RealtimeContext');
  return dispatcher;
}
