/** A reply waiting for its turn, as the web app follows it: its own SSE stream, and other tabs' WebSocket. */
import { describe, expect, it } from 'vitest';
import { QueryClient } from '@tanstack/react-query';
import type { ConversationDetail, Message } from '#common/conversations';
import type { GenerationEvent } from '#common/events';
import type { createApiClient } from '#common/api-client';
import { keys } from '#web/lib/keys';
import { createDispatcher } from '#web/lib/realtime/dispatcher';
import { createChat } from './generation';
import { createLiveStreams } from './liveStreams';
import { chatRealtime } from './realtime';

const at = '2024-05-01T10:00:00.000Z';
const reply: Message = {
  id: 'm1',
  conversationId: 'c1',
  parentId: null,
  role: 'assistant',
  content: '',
  status: 'streaming',
  createdAt: at,
  updatedAt: at,
};
const detail = (messages: Message[]): ConversationDetail => ({
  conversation: {
    id: 'c1',
    title: 't',
    taskId: 'general',
    model: null,
    pinned: false,
    archived: false,
    activeLeafId: null,
    createdAt: at,
    updatedAt: at,
  },
  messages,
  activeLeafId: null,
});

describe('a waiting reply in the web app', () => {
  it('its own stream: the place while it waits (Stop knows the id), cleared at start', async () => {
    const queryClient = new QueryClient();
    queryClient.setQueryData(keys.conversation('c1'), detail([]));
    const live = createLiveStreams({ requestFrame: (fn) => fn() });
    const seen: Array<number | undefined> = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    async function* stream(): AsyncGenerator<GenerationEvent> {
      yield { event: 'queued', data: { position: 2, message: reply } };
      seen.push(live.get('m1')?.queued);
      yield { event: 'queued', data: { position: 1, message: reply } };
      seen.push(live.get('m1')?.queued);
      await gate;
      yield { event: 'start', data: { message: reply } };
      seen.push(live.get('m1')?.queued);
      yield { event: 'delta', data: { text: 'Hi' } };
      yield { event: 'done', data: { message: { ...reply, status: 'complete', content: 'Hi' } } };
    }
    const stopped: string[] = [];
    const api = {
      streamMessage: () => stream(),
      stopGeneration: (id: string) => {
        stopped.push(id);
        return Promise.resolve({ message: { ...reply, status: 'stopped' as const } });
      },
    } as unknown as ReturnType<typeof createApiClient>;
    const chat = createChat({ api, queryClient, navigate: () => {}, live });
    const sending = chat.sendChatMessage({ conversationId: 'c1', content: 'hello', model: null });
    await new Promise((r) => setTimeout(r, 0));
    // While it waits the reply is on screen, and Stop (Cancel) reaches it by id.
    expect(queryClient.getQueryData<ConversationDetail>(keys.conversation('c1'))!.messages.map((m) => m.id)).toContain(
      'm1',
    );
    expect(live.sendIn('c1')?.messageId).toBe('m1');
    release();
    await sending;
    expect(seen).toEqual([2, 1, undefined]);
    expect(stopped).toEqual([]);
  });

  it("another tab's waiting reply: generation.queued shows the place, generation.start clears it", () => {
    const queryClient = new QueryClient();
    queryClient.setQueryData(keys.conversation('c1'), detail([reply]));
    const live = createLiveStreams({ requestFrame: (fn) => fn() });
    const dispatcher = createDispatcher();
    dispatcher.register(chatRealtime(live, queryClient));
    dispatcher.dispatch({ type: 'generation.queued', conversationId: 'c1', messageId: 'm1', position: 3 });
    expect(live.get('m1')?.queued).toBe(3);
    dispatcher.dispatch({ type: 'generation.queued', conversationId: 'c1', messageId: 'm1', position: 0 });
    expect(live.get('m1')?.queued).toBe(0);
    dispatcher.dispatch({ type: 'generation.start', conversationId: 'c1', message: reply });
    expect(live.get('m1')).toBeDefined();
    expect(live.get('m1')?.queued).toBeUndefined();
    // A room's reply (no conversation) is not shown here.
    dispatcher.dispatch({ type: 'generation.queued', roomId: 'r1', messageId: 'x', position: 1 });
    expect(live.has('x')).toBe(false);
  });
});
