/**
 * The terminal client while a reply waits for its turn (the fair queue): the waiting line, its
 * place rewritten, erased once the reply runs; a pipe gets only the reply's text.
 */
import { describe, expect, it } from 'vitest';
import type { Message } from '#common/conversations';
import type { GenerationEvent } from '#common/events';
import { sink } from '../test-support';
import { followReply } from './reply-stream';
import { StreamRenderer } from './stream-renderer';
import { styleFor, type TermOutput } from './style';

const message: Message = {
  id: 'm1',
  conversationId: 'c1',
  parentId: null,
  role: 'assistant',
  content: '',
  status: 'streaming',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};

async function* events(): AsyncGenerator<GenerationEvent> {
  yield { event: 'queued', data: { position: 2, message } };
  yield { event: 'queued', data: { position: 0, message } };
  yield { event: 'start', data: { message } };
  yield { event: 'delta', data: { text: 'Hello.' } };
  yield { event: 'done', data: { message: { ...message, status: 'complete', content: 'Hello.' } } };
}

/** A renderer writing to a terminal (`tty`) or a pipe, and what it wrote. */
function renderer(tty: boolean) {
  const out = sink();
  const stream = Object.assign(out.stream, { isTTY: tty, columns: 80, rows: 24 }) as TermOutput;
  return { out, r: new StreamRenderer(stream, styleFor(stream, { TERM: 'xterm' }), null, false) };
}

describe('a waiting reply in the terminal', () => {
  it('shows its place, rewrites it, and erases the line when the reply starts', async () => {
    const { out, r } = renderer(true);
    const started: string[] = [];
    const outcome = await followReply(events(), {
      onStart: (m) => started.push(m.id),
      onWaiting: (p) => r.waiting(p),
      onDelta: (t) => r.delta(t),
    });
    r.finish();
    expect(started).toEqual(['m1']); // once: Stop has the id while it waits
    expect(outcome.message?.status).toBe('complete');
    const text = out.text();
    expect(text).toContain('Waiting for the model — 2 ahead of you');
    expect(text).toContain('Waiting for the model — you’re next');
    // Erased before the answer: the line is cleared, then the text comes.
    expect(text.lastIndexOf('\r\x1b[K')).toBeGreaterThan(text.indexOf('you’re next'));
    expect(text.lastIndexOf('\r\x1b[K')).toBeLessThan(text.indexOf('Hello.'));
  });

  it('writes nothing about waiting into a pipe', async () => {
    const { out, r } = renderer(false);
    await followReply(events(), { onWaiting: (p) => r.waiting(p), onDelta: (t) => r.delta(t) });
    r.finish();
    expect(out.text()).toBe('Hello.\n');
  });
});
