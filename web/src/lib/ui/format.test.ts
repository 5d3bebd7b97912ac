import { describe, expect, it } from 'vitest';
import { describeUserAgent, formatRelative } from './format';

describe('describeUserAgent', () => {
  it('names the browser and the system people recognise', () => {
    expect(
      describeUserAgent(
        'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/141.0.0.0 Safari/537.36',
      ),
    ).toBe('Chrome on Linux');
    expect(
      describeUserAgent(
        'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1',
      ),
    ).toBe('Safari on iOS');
    expect(describeUserAgent('Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0')).toBe(
      'Firefox on Windows',
    );
    expect(
      describeUserAgent(
        'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0',
      ),
    ).toBe('Edge on Windows');
  });
  it('says so when there is nothing to go on, and shortens the unknown', () => {
    expect(describeUserAgent(null)).toBe('Unknown device');
    expect(describeUserAgent('x'.repeat(60))).toBe(`${'x'.repeat(40)}…`);
  });
});

describe('formatRelative', () => {
  const now = Date.parse('2025-03-10T12:00:00Z');
  it('rounds to the largest sensible unit, past and future', () => {
    expect(formatRelative('2025-03-10T11:59:50Z', now)).toBe('just now');
    expect(formatRelative('2025-03-10T11:55:00Z', now)).toMatch(/5 minutes ago/);
    expect(formatRelative('2025-03-10T09:00:00Z', now)).toMatch(/3 hours ago/);
    expect(formatRelative('2025-03-13T12:00:00Z', now)).toMatch(/in 3 days/);
  });
  it('reads null as never', () => {
    expect(formatRelative(null, now)).toBe('never');
  });
});
