import { describe, expect, it } from 'vitest';
import type { ServerEvent } from '#common/events';
import { createDispatcher } from './dispatcher';

const updated: ServerEvent = { type: 'conversation.updated', conversationId: 'c1' };
const deleted: ServerEvent = { type: 'conversation.deleted', conversationId: 'c2' };

describe('realtime dispatcher', () => {
  it('hands each event to every handler of its type, and only those', () => {
    const d = createDispatcher();
    const seen: string[] = [];
    d.register({ 'conversation.updated': (e) => seen.push(`list:${e.conversationId}`) });
    d.register({
      'conversation.updated': (e) => seen.push(`chat:${e.conversationId}`),
      'conversation.deleted': (e) => seen.push(`chat-deleted:${e.conversationId}`),
    });
    d.dispatch(updated);
    d.dispatch(deleted);
    d.dispatch({ type: 'hello', userId: 'u' });
    expect(seen).toEqual(['list:c1', 'chat:c1', 'chat-deleted:c2']);
  });

  it('tells every feature about a reconnect, and unregisters a feature whole', () => {
    const d = createDispatcher();
    const seen: string[] = [];
    d.register({ reconnected: () => seen.push('list') });
    const off = d.register({
      'conversation.updated': () => seen.push('chat event'),
      reconnected: () => seen.push('chat'),
    });
    d.reconnected();
    off();
    d.reconnected();
    d.dispatch(updated);
    expect(seen).toEqual(['list', 'chat', 'list']);
  });

  it('keeps dispatchers apart', () => {
    const a = createDispatcher();
    const b = createDispatcher();
    const seen: string[] = [];
    a.register({ 'conversation.updated': () => seen.push('a') });
    b.dispatch(updated);
    expect(seen).toEqual([]);
  });
});
