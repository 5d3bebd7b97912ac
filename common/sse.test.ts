import { describe, it, expect } from 'vitest';
import { readSseStream, type SseEvent } from './sse';

const enc = new TextEncoder();
const stream = (chunks: (string | Uint8Array)[]) =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      for (const c of chunks) controller.enqueue(typeof c === 'string' ? enc.encode(c) : c);
      controller.close();
    },
  });

const parseAll = async (chunks: (string | Uint8Array)[]): Promise<SseEvent[]> => {
  const out: SseEvent[] = [];
  for await (const e of readSseStream(stream(chunks))) out.push(e);
  return out;
};

const sample =
  ': hearth stream\n\nevent: start\ndata: {"a":1}\n\nevent: delta\ndata: {"text":"Hel"}\n\n' +
  'event: delta\ndata: {"text":"lo\\n"}\n\n: keep-alive\nevent: done\ndata: line one\ndata: line two\n\n';

const expected: SseEvent[] = [
  { event: 'start', data: '{"a":1}' },
  { event: 'delta', data: '{"text":"Hel"}' },
  { event: 'delta', data: '{"text":"lo\\n"}' },
  { event: 'done', data: 'line one\nline two' },
];

describe('readSseStream', () => {
  it('parses named events, multi-line data and skips comments', async () => {
    expect(await parseAll([sample])).toEqual(expected);
  });

  it('gives the same events whatever the chunk boundaries', async () => {
    for (let size = 1; size <= 7; size++) {
      const chunks: string[] = [];
      for (let i = 0; i < sample.length; i += size) chunks.push(sample.slice(i, i + size));
      expect(await parseAll(chunks), `chunks of ${size}`).toEqual(expected);
    }
    for (let i = 0; i <= sample.length; i++) {
      expect(await parseAll([sample.slice(0, i), sample.slice(i)]), `split at ${i}`).toEqual(expected);
    }
  });

  it('accepts CRLF and lone CR line ends, even with CRLF split across chunks', async () => {
    const crlf = sample.replaceAll('\n', '\r\n');
    expect(await parseAll([crlf])).toEqual(expected);
    expect(await parseAll(crlf.split('\n').flatMap((p, i, a) => (i < a.length - 1 ? [p, '\n'] : [p])))).toEqual(
      expected,
    );
    expect(await parseAll([sample.replaceAll('\n', '\r')])).toEqual(expected);
  });

  it('names unnamed events "message", strips only one leading space, handles no-colon fields', async () => {
    expect(await parseAll(['data:  two spaces\n\ndata\n\ndata:x\n\n'])).toEqual([
      { event: 'message', data: ' two spaces' },
      { event: 'message', data: '' },
      { event: 'message', data: 'x' },
    ]);
  });

  it('does not dispatch events without data, and resets the event name after each dispatch', async () => {
    expect(await parseAll(['event: ping\n\ndata: a\n\n'])).toEqual([{ event: 'message', data: 'a' }]);
  });

  it("passes an event's id", async () => {
    expect(await parseAll(['id: 7\nretry: 3000\ndata: a\n\n'])).toEqual([{ event: 'message', data: 'a', id: '7' }]);
  });

  it('discards an unterminated final event at end of stream', async () => {
    expect(await parseAll(['data: complete\n\ndata: cut off'])).toEqual([{ event: 'message', data: 'complete' }]);
    expect(await parseAll(['data: cut off\n'])).toEqual([]);
  });

  it('strips a leading byte order mark', async () => {
    expect(await parseAll(['\uFEFFdata: a\n\n'])).toEqual([{ event: 'message', data: 'a' }]);
  });

  it('decodes UTF-8 split inside a character across network chunks', async () => {
    const bytes = enc.encode('event: delta\ndata: {"text":"Björk 坂本"}\n\n');
    expect(await parseAll(Array.from(bytes, (b) => new Uint8Array([b])))).toEqual([
      { event: 'delta', data: '{"text":"Björk 坂本"}' },
    ]);
  });

  it('stops with the abort reason when the signal aborts', async () => {
    const controller = new AbortController();
    const body = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(enc.encode('data: first\n\n'));
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
