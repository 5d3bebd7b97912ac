import { describe, expect, it } from 'vitest';
import { QueryClient } from '@tanstack/react-query';
import type { ConversationDetail, Message } from '#common/conversations';
import { keys } from '#web/lib/keys';
import { createDispatcher } from '#web/lib/realtime/dispatcher';
import { createLiveStreams } from './liveStreams';
import { chatRealtime } from './realtime';

const at = '2024-05-01T10:00:00.000Z';
const message = (over: Partial<Message> = {}): Message => ({
  id: 'm1',
  conversationId: 'c1',
  parentId: null,
  role: 'assistant',
  content: '',
  status: 'streaming',
  createdAt: at,
  updatedAt: at,
  ...over,
});

function world() {
  const queryClient = new QueryClient();
  const frames: (() => void)[] = [];
  const live = createLiveStreams({ requestFrame: (fn) => frames.push(fn) });
  const dispatcher = createDispatcher();
  dispatcher.register(chatRealtime(live, queryClient));
  const detail: ConversationDetail = {
    conversation: {
      id: 'c1',
      title: 't',
      taskId: 'general',
      model: null,
      pinned: false,
      archived: false,
      activeLeafId: 'm1',
      createdAt: at,
      updatedAt: at,
    },
    messages: [message()],
    activeLeafId: 'm1',
  };
  queryClient.setQueryData(keys.conversation('c1'), detail);
  return { queryClient, live, dispatcher };
}

describe("chat's realtime handlers", () => {
  it('follows a reply written in another tab, and puts its final state in the cache', async () => {
    const { queryClient, live, dispatcher } = world();
    dispatcher.dispatch({ type: 'generation.start', conversationId: 'c1', message: message() });
    dispatcher.dispatch({
      type: 'generation.delta',
      conversationId: 'c1',
      messageId: 'm1',
      text: 'Hi',
      reasoning: 'hm',
    });
    expect(live.get('m1')).toMatchObject({ content: 'Hi', reasoning: 'hm' });
    dispatcher.dispatch({
      type: 'generation.done',
      conversationId: 'c1',
      message: message({ content: 'Hi!', status: 'complete' }),
    });
    const cached = queryClient.getQueryData<ConversationDetail>(keys.conversation('c1'));
    expect(cached?.messages[0]).toMatchObject({ content: 'Hi!', status: 'complete' });
    await new Promise((r) => setTimeout(r, 0)); // the live entry ends after the cache update renders
    expect(live.has('m1')).toBe(false);
  });

  it('ignores the WebSocket copy of a reply this tab streams, or of a conversation it is sending in', () => {
    const { live, dispatcher } = world();
    live.begin(message({ content: 'mine' }));
    live.own('m1');
    dispatcher.dispatch({ type: 'generation.delta', conversationId: 'c1', messageId: 'm1', text: ' twice' });
    expect(live.get('m1')?.content).toBe('mine');
    live.markPending('c2');
    dispatcher.dispatch({
      type: 'generation.start',
      conversationId: 'c2',
      message: message({ id: 'm9', conversationId: 'c2' }),
    });
    expect(live.has('m9')).toBe(false);
  });

  it('drops the repeated part of a piece, and refetches instead of showing text with a gap', () => {
    const { queryClient, live, dispatcher } = world();
    const delta = (text: string, offset: number) =>
      dispatcher.dispatch({ type: 'generation.delta', conversationId: 'c1', messageId: 'm1', text, offset });
    live.begin(message()); // followed since its start
    delta('Hel', 0);
    delta('Hello', 0); // delivered twice (e.g. by two routes)
    dispatcher.dispatch({
      type: 'generation.delta',
      conversationId: 'c1',
      messageId: 'm1',
      reasoning: 'hm',
      offset: 0,
    });
    dispatcher.dispatch({
      type: 'generation.delta',
      conversationId: 'c1',
      messageId: 'm1',
      reasoning: 'hm',
      offset: 0,
    });
    expect(live.get('m1')).toMatchObject({ content: 'Hello', reasoning: 'hm' });
    expect(queryClient.getQueryState(keys.conversation('c1'))?.isInvalidated).toBe(false);
    delta(' world', 8); // " th" was lost
    expect(live.has('m1')).toBe(false); // no garbled "Hello world"
    expect(queryClient.getQueryState(keys.conversation('c1'))?.isInvalidated).toBe(true);
  });

  it('after a reconnect, drops replies it only followed and keeps its own', () => {
    const { live, dispatcher } = world();
    live.begin(message({ id: 'followed' }));
    live.begin(message({ id: 'own' }));
    live.own('own');
    dispatcher.reconnected();
    expect([live.has('followed'), live.has('own')]).toEqual([false, true]);
  });
});
