/**
 * Following a reply across processes (remote.ts) when the bus is not as kind as the memory bus:
 * pieces that repeat what the snapshot holds, pieces that overlap it, a piece lost on the way,
 * and a snapshot that arrives after live pieces. The owner is played by the test on a real
 * memory bus; the follower's output is the SSE frames it writes.
 */
import { describe, expect, it } from 'vitest';
import type { Message, ToolCall } from '#common/conversations';
import { createMemoryBus, userChannel, type EventBus } from '#server/realtime/bus';
import type { DomainEvents } from '#server/realtime/domain-events';
import { followRemote } from './remote';
import type { SseStream } from './sse';

const message: Message = {
  id: 'm1',
  conversationId: 'c1',
  parentId: 'u1',
  role: 'assistant',
  content: '',
  status: 'streaming',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};
const reread = async () => message;

/** An SSE stream that keeps what it was sent. */
function recordingStream() {
  const frames: Array<{ event: string; data: { text?: string; message?: Message; call?: ToolCall } }> = [];
  let ended = false;
  const stream: SseStream = {
    write(frame) {
      const [, event, data] = /^event: (.*)\ndata: (.*)\n\n$/s.exec(frame)!;
      frames.push({ event: event!, data: JSON.parse(data!) as { text?: string } });
    },
    end: () => void (ended = true),
    onClose: () => {},
    get closed() {
      return ended;
    },
  };
  return {
    stream,
    frames,
    ended: () => ended,
    text: (kind = 'delta') =>
      frames
        .filter((f) => f.event === kind)
        .map((f) => f.data.text)
        .join(''),
  };
}

/** The owner side: answers attach requests with its texts as they are at that moment. */
function owner(bus: EventBus, answerAtOnce = true) {
  const texts = { content: '', reasoning: '', toolCalls: [] as ToolCall[] };
  const requests: Array<DomainEvents['generation.attach']> = [];
  bus.on('generation.attach', (request) => {
    requests.push(request);
    if (answerAtOnce) answer(request);
  });
  const answer = (request: DomainEvents['generation.attach'], snapshot: Partial<typeof texts> = texts) =>
    bus.emit('generation.snapshot', {
      ...request,
      message,
      ...texts,
      ...snapshot,
      toolCalls: [...(snapshot.toolCalls ?? texts.toolCalls)],
    });
  const delta = (kind: 'text' | 'reasoning', piece: string, offset: number) =>
    bus.publish(userChannel('u'), {
      type: 'generation.delta',
      conversationId: 'c1',
      messageId: 'm1',
      [kind]: piece,
      offset,
    });
  const tool = (call: ToolCall) =>
    bus.publish(userChannel('u'), { type: 'generation.tool', conversationId: 'c1', messageId: 'm1', call });
  const done = (content: string) =>
    bus.publish(userChannel('u'), {
      type: 'generation.done',
      conversationId: 'c1',
      message: { ...message, content, status: 'complete' },
    });
  return { texts, requests, answer, delta, tool, done };
}

describe('following a reply another process runs', () => {
  it('drops repeats, keeps the new part of an overlap, and asks again after a lost piece', async () => {
    const bus = createMemoryBus();
    const o = owner(bus);
    o.texts.content = 'Hello';
    o.texts.reasoning = 'Hmm';
    const follower = followRemote({ bus }, 'u', 'm1', reread);
    expect(await follower.ready).toEqual({ kind: 'snapshot' });
    const out = recordingStream();
    follower.pipe(out.stream);

    o.delta('text', 'lo', 3); // already in the snapshot
    o.delta('text', 'o wor', 4); // half in it
    o.delta('reasoning', '...', 3);
    o.delta('text', 'ld', 9);
    // "123456789" (offset 11) is lost on the way; the owner has it.
    o.texts.content = 'Hello world123456789!!';
    o.delta('text', '!!', 20);
    expect(o.requests).toHaveLength(2);
    o.delta('text', '?', 22);
    o.done('Hello world123456789!!?');

    expect(out.frames[0]).toEqual({ event: 'start', data: { message } });
    expect(out.text()).toBe('Hello world123456789!!?');
    expect(out.text('reasoning')).toBe('Hmm...');
    expect(out.frames.at(-1)?.event).toBe('done');
    expect(out.ended()).toBe(true);
  });

  it('holds live pieces until a late snapshot, then sends only what it lacks', async () => {
    const bus = createMemoryBus();
    const o = owner(bus, false);
    const follower = followRemote({ bus }, 'u', 'm1', reread);
    // The snapshot was taken at "Hello"; two pieces overtake its answer on the way.
    o.delta('text', 'lo wo', 3);
    o.delta('text', 'rld', 8);
    o.answer(o.requests[0]!, { content: 'Hello', reasoning: '' });
    expect(await follower.ready).toEqual({ kind: 'snapshot' });
    const out = recordingStream();
    follower.pipe(out.stream);
    expect(out.frames.map((f) => f.data.text ?? f.event)).toEqual(['start', 'Hello', ' wo', 'rld']);
    follower.cancel();
    o.delta('text', '!', 11);
    expect(out.text()).toBe('Hello world');
  });

  it('sends the tool calls so far, then each live change of one, never a call going back to running', async () => {
    const bus = createMemoryBus();
    const o = owner(bus, false);
    const ask: ToolCall = { id: 'call_1', name: 'query_music_library', arguments: { artist: 'Nina Simone' } };
    const answered: ToolCall = { ...ask, result: { albums: 3 } };
    const next: ToolCall = { id: 'call_2', name: 'query_music_library', arguments: { artist: 'Miles Davis' } };
    const follower = followRemote({ bus }, 'u', 'm1', reread);
    o.tool(ask); // overtakes the snapshot, which already has the call answered
    o.answer(o.requests[0]!, { content: 'Let me look.', toolCalls: [answered] });
    expect(await follower.ready).toEqual({ kind: 'snapshot' });
    const out = recordingStream();
    follower.pipe(out.stream);
    o.tool(next);
    o.tool(next); // delivered twice
    o.tool({ ...next, refused: { code: 'tool_failed', message: 'The library is not reachable.' } });
    o.done('Let me look.');

    expect(out.frames.map((f) => f.event)).toEqual(['start', 'delta', 'tool', 'tool', 'tool', 'done']);
    expect(out.frames.filter((f) => f.event === 'tool').map((f) => f.data.call)).toEqual([
      answered,
      next,
      { ...next, refused: { code: 'tool_failed', message: 'The library is not reachable.' } },
    ]);
  });

  it('says finished when the reply ends before any snapshot', async () => {
    const bus = createMemoryBus();
    const o = owner(bus, false);
    const follower = followRemote({ bus }, 'u', 'm1', reread);
    o.done('All of it');
    expect(await follower.ready).toMatchObject({ kind: 'finished', message: { content: 'All of it' } });
  });
});
