/** The bench's own tools: if these are wrong, every figure it prints is wrong. No timing here. */
import { describe, expect, it } from 'vitest';
import { classifyDirect, classifyHearth } from './paths';
import { SseParser } from './sse-client';
import { percentile, summarize } from './stats';
import { renderTable } from './table';

describe('SseParser', () => {
  it('returns events only once complete, across chunk boundaries and CRLF line ends', () => {
    const parser = new SseParser();
    expect(parser.push('event: del')).toEqual([]);
    expect(parser.push('ta\r\ndata: {"text":"Hi"}\r\n\r\nda')).toEqual([{ event: 'delta', data: '{"text":"Hi"}' }]);
    expect(parser.push('ta: [DONE]\n\n')).toEqual([{ event: 'message', data: '[DONE]' }]);
  });

  it('joins data lines, skips comments and events without data', () => {
    const parser = new SseParser();
    const events = parser.push(': keep-alive\n\nevent: start\n\ndata: a\ndata: b\n\n');
    expect(events).toEqual([{ event: 'message', data: 'a\nb' }]);
  });
});

describe('classifiers', () => {
  it('counts Hearth delta events as tokens and done(complete) as the end', () => {
    expect(classifyHearth({ event: 'delta', data: '{"text":" word"}' })).toEqual({ kind: 'token', text: ' word' });
    expect(classifyHearth({ event: 'start', data: '{}' })).toEqual({ kind: 'other' });
    expect(classifyHearth({ event: 'done', data: '{"message":{"status":"complete"}}' })).toEqual({ kind: 'end' });
    expect(() => classifyHearth({ event: 'done', data: '{"message":{"status":"stopped"}}' })).toThrow(/stopped/);
    expect(() => classifyHearth({ event: 'error', data: '{"error":{"code":"model_unavailable"}}' })).toThrow(
      /model_unavailable/,
    );
  });

  it('counts OpenAI chunks with content as tokens, not role or usage chunks', () => {
    expect(
      classifyDirect({ event: 'message', data: '{"choices":[{"delta":{"role":"assistant","content":""}}]}' }),
    ).toEqual({ kind: 'other' });
    expect(classifyDirect({ event: 'message', data: '{"choices":[{"delta":{"content":"Hi"}}]}' })).toEqual({
      kind: 'token',
      text: 'Hi',
    });
    expect(classifyDirect({ event: 'message', data: '{"choices":[],"usage":{"total_tokens":3}}' })).toEqual({
      kind: 'other',
    });
    expect(classifyDirect({ event: 'message', data: '[DONE]' })).toEqual({ kind: 'end' });
    expect(() => classifyDirect({ event: 'message', data: '{"error":{"message":"boom"}}' })).toThrow(/boom/);
  });
});

describe('percentiles', () => {
  it('interpolates between ranks', () => {
    expect(percentile([10, 20, 30, 40], 50)).toBe(25);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 90)).toBe(10);
    expect(summarize([5, 1, 3])).toEqual({ n: 3, p50: 3, p95: 4.8, p99: 4.96 });
    expect(percentile([], 50)).toBeNaN();
  });
});

describe('renderTable', () => {
  it('right-aligns number columns, left-aligns text, and prints no negative zero', () => {
    const out = renderTable(
      ['name', 'ms'],
      [
        ['a', 1.5],
        ['long name', -0.001],
        ['blank', ''],
      ],
      2,
    ).split('\n');
    expect(out).toEqual(['name         ms', '---------  ----', 'a          1.50', 'long name  0.00', 'blank']);
  });
});
