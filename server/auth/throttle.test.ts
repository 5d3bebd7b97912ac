import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, createUser, type TestApp } from '#test/helpers';
import { LoginThrottle, type ThrottleOptions } from './throttle';

describe('sign-in throttling over HTTP', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp();
  });
  afterEach(async () => {
    await t.close();
  });

  const attempt = (username: string, password: string, ip?: string) =>
    t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username, password },
      ...(ip ? { remoteAddress: ip } : {}),
    });

  it('after 5 free failures answers 429 with Retry-After, even to the right password', async () => {
    const { user, password } = await createUser(t.app);
    for (let i = 0; i < 5; i++) expect((await attempt(user.username, 'wrong password')).statusCode).toBe(401);
    // The sixth failure starts the back-off.
    expect((await attempt(user.username, 'wrong password')).statusCode).toBe(401);
    const blocked = await attempt(user.username, password);
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json().error.code).toBe('rate_limited');
    expect(Number(blocked.headers['retry-after'])).toBe(1);
    expect(blocked.cookies).toHaveLength(0);
  });

  it('five wrong passwords from one address do not lock the owner out at another', async () => {
    const { user, password } = await createUser(t.app);
    for (let i = 0; i < 7; i++) await attempt(user.username, 'wrong password', '203.0.113.7');
    expect((await attempt(user.username, password, '203.0.113.7')).statusCode).toBe(429);
    const owner = await attempt(user.username, password, '192.168.1.20');
    expect(owner.statusCode).toBe(200);
  });

  it('throttles an unknown username exactly like a known one', async () => {
    const { user } = await createUser(t.app);
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 7; i++) {
      known.push((await attempt(user.username, 'wrong password', '10.0.0.1')).statusCode);
      unknown.push((await attempt('nobody-here', 'wrong password', '10.0.0.2')).statusCode);
    }
    expect(known).toEqual([401, 401, 401, 401, 401, 401, 429]);
    expect(unknown).toEqual(known);
  });
});

describe('LoginThrottle', () => {
  const options: ThrottleOptions = {
    freePerPair: 2,
    freePerUsername: 6,
    freePerIp: 5,
    baseDelayMs: 1000,
    maxDelayMs: 8000,
    forgetAfterMs: 60_000,
  };

  it('doubles the wait with each failure past the free ones, up to the maximum', () => {
    let now = 0;
    const throttle = new LoginThrottle({ ...options, freePerIp: 100 }, () => now);
    const waits: number[] = [];
    for (let i = 0; i < 7; i++) {
      throttle.recordFailure('anna', '10.0.0.2');
      waits.push(throttle.retryAfterSeconds('anna', '10.0.0.2'));
      now += throttle.retryAfterSeconds('anna', '10.0.0.2') * 1000;
    }
    expect(waits).toEqual([0, 0, 1, 2, 4, 8, 8]);
  });

  it('slows a guesser at one address without locking the owner out at another', () => {
    const throttle = new LoginThrottle(options, () => 0);
    for (let i = 0; i < 4; i++) throttle.recordFailure('anna', '10.0.0.2');
    expect(throttle.retryAfterSeconds('anna', '10.0.0.2')).toBe(2);
    expect(throttle.retryAfterSeconds('Anna', '10.0.0.9')).toBe(0);
  });

  it('keeps a limit per account from everywhere, far above the per-address one', () => {
    const throttle = new LoginThrottle(options, () => 0);
    // Six addresses, one guess each: free; the seventh is past the account's allowance.
    for (let i = 1; i <= 6; i++) throttle.recordFailure('anna', `10.0.1.${i}`);
    expect(throttle.retryAfterSeconds('anna', '10.0.0.99')).toBe(0);
    throttle.recordFailure('anna', '10.0.1.7');
    expect(throttle.retryAfterSeconds('anna', '10.0.0.99')).toBe(1);
  });

  it('counts the wait down, forgets after a quiet spell, and a success clears that address', () => {
    let now = 0;
    const throttle = new LoginThrottle(options, () => now);
    for (let i = 0; i < 4; i++) throttle.recordFailure('anna', '10.0.0.2');
    expect(throttle.retryAfterSeconds('Anna', '10.0.0.2')).toBe(2);
    now = 1500;
    expect(throttle.retryAfterSeconds('anna', '10.0.0.2')).toBe(1);
    now = 2000;
    expect(throttle.retryAfterSeconds('anna', '10.0.0.2')).toBe(0);
    // Waiting out the wait does not reset the count: the next failure waits longer.
    throttle.recordFailure('anna', '10.0.0.2');
    expect(throttle.retryAfterSeconds('anna', '10.0.0.2')).toBe(4);
    // A quiet spell does.
    now += 60_000 + 4000;
    throttle.recordFailure('anna', '10.0.0.2');
    expect(throttle.retryAfterSeconds('anna', '10.0.0.2')).toBe(0);
    throttle.recordFailure('anna', '10.0.0.2');
    throttle.recordSuccess('anna', '10.0.0.2');
    throttle.recordFailure('anna', '10.0.0.2');
    expect(throttle.retryAfterSeconds('anna', '10.0.0.2')).toBe(0);
  });

  it('limits one address across many usernames, and only that address', () => {
    const throttle = new LoginThrottle(options, () => 0);
    for (const name of ['a', 'b', 'c', 'd', 'e', 'f']) throttle.recordFailure(name, '10.0.0.9');
    expect(throttle.retryAfterSeconds('zed', '10.0.0.9')).toBe(1);
    expect(throttle.retryAfterSeconds('zed', '10.0.0.10')).toBe(0);
    // A success for one account does not clear the address.
    throttle.recordSuccess('a', '10.0.0.9');
    expect(throttle.retryAfterSeconds('zed', '10.0.0.9')).toBe(1);
  });
});
