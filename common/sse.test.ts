import { describe, it, expect } from 'vitest';
import { createSseParser, readSseStream, type SseEvent } from './sse';

const parseAll = (chunks: string[]): SseEvent[] => {
  const parser = createSseParser();
  return [...chunks.flatMap((c) => parser.push(c)), ...parser.end()];
};

const stream = (chunks: (string | Uint8Array)[]) =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      const enc = new TextEncoder();
      for (const c of chunks) controller.enqueue(typeof c === 'string' ? enc.encode(c) : c);
      controller.close();
    },
  });

const collect = async (it: AsyncIterable<SseEvent>) => {
  const out: SseEvent[] = [];
  for await (const e of it) out.push(e);
  return out;
};

const sample =
  ': hearth stream\n\nevent: start\ndata: {"a":1}\n\nevent: delta\ndata: {"text":"Hel"}\n\n' +
  'event: delta\ndata: {"text":"lo\\n"}\n\nevent: done\ndata: line one\ndata: line two\n\n';

const expected: SseEvent[] = [
  { event: 'start', data: '{"a":1}' },
  { event: 'delta', data: '{"text":"Hel"}' },
  { event: 'delta', data: '{"text":"lo\\n"}' },
  { event: 'done', data: 'line one\nline two' },
];

describe('SSE parser', () => {
  it('parses named events, multi-line data and skips comments', () => {
    expect(parseAll([sample])).toEqual(expected);
  });

  it('gives the same events whatever the chunk boundaries', () => {
    for (let size = 1; size <= 7; size++) {
      const chunks: string[] = [];
      for (let i = 0; i < sample.length; i += size) chunks.push(sample.slice(i, i + size));
      expect(parseAll(chunks)).toEqual(expected);
    }
    // every two-way split point
    for (let i = 0; i <= sample.length; i++) {
      expect(parseAll([sample.slice(0, i), sample.slice(i)])).toEqual(expected);
    }
  });

  it('accepts CRLF and lone CR line ends, even with CRLF split across chunks', () => {
    const crlf = sample.replaceAll('\n', '\r\n');
    expect(parseAll([crlf])).toEqual(expected);
    expect(parseAll(crlf.split('\n').flatMap((p, i, a) => (i < a.length - 1 ? [p, '\n'] : [p])))).toEqual(
      expected,
    );
    expect(parseAll([sample.replaceAll('\n', '\r')])).toEqual(expected);
  });

  it('defaults the event name to "message", strips only one leading space, handles no-colon fields', () => {
    expect(parseAll(['data:  two spaces\n\ndata\n\ndata:x\n\n'])).toEqual([
      { event: 'message', data: ' two spaces' },
      { event: 'message', data: '' },
      { event: 'message', data: 'x' },
    ]);
  });

  it('does not dispatch events without data, and resets the event name after each dispatch', () => {
    expect(parseAll(['event: ping\n\ndata: a\n\n'])).toEqual([{ event: 'message', data: 'a' }]);
  });

  it('keeps the last id and reads retry', () => {
    expect(parseAll(['id: 7\nretry: 3000\ndata: a\n\ndata: b\n\nretry: x\nid\ndata: c\n\n'])).toEqual([
      { event: 'message', data: 'a', id: '7', retry: 3000 },
      { event: 'message', data: 'b', id: '7' },
      { event: 'message', data: 'c', id: '' },
    ]);
  });

  it('discards an unterminated final event at end of stream', () => {
    expect(parseAll(['data: complete\n\ndata: cut off'])).toEqual([{ event: 'message', data: 'complete' }]);
    expect(parseAll(['data: cut off\n'])).toEqual([]);
  });

  it('strips a leading byte order mark', () => {
    expect(parseAll(['\uFEFFdata: a\n\n'])).toEqual([{ event: 'message', data: 'a' }]);
  });
});

describe('readSseStream', () => {
  it('decodes UTF-8 split inside a character across network chunks', async () => {
    const bytes = new TextEncoder().encode('event: delta\ndata: {"text":"Björk 坂本"}\n\n');
    const chunks = Array.from(bytes, (b) => new Uint8Array([b]));
    expect(await collect(readSseStream(stream(chunks)))).toEqual([
      { event: 'delta', data: '{"text":"Björk 坂本"}' },
    ]);
  });

  it('stops with the abort reason when the signal aborts', async () => {
    const controller = new AbortController();
    const body = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(new TextEncoder().encode('data: first\n\n'));
      },
    });
    const seen: string[] = [];
    const run = (async () => {
      for await (const e of readSseStream(body, controller.signal)) {
        seen.push(e.data);
        controller.abort(new Error('user left'));
      }
    })();
    await expect(run).rejects.toThrow('user left');
    expect(seen).toEqual(['first']);
  });
});
