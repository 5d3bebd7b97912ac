/**
 * Sign-in throttling with exponential back-off, counted three ways: per (username, client
 * address) first, per username from anywhere, and per address across usernames. A few failures
 * are free (typos happen); each failure after that doubles the wait before the next attempt is
 * even checked: 1 s, 2 s, 4 s … up to `maxDelayMs`. While a wait runs, every attempt answers 429
 * with Retry-After, the right password included, so guessing gains nothing from speed.
 * The per-username allowance is far above the per-pair one: someone guessing from one address
 * is slowed after a handful of tries, but cannot lock the owner out, who signs in from another
 * address (their phone at home) — only a spread of guesses from many addresses reaches it.
 * Unknown usernames count like known ones: the throttle never reveals which exist. Passkey
 * sign-ins are not counted and never wait (they cannot be guessed).
 *
 * In memory, per process (a restart forgets it; the scaled-out setup will want a shared store).
 */

export type ThrottleOptions = {
  /** Failures per (username, address) that cost no wait. */
  freePerPair: number;
  /** Failures per username from every address together that cost no wait. */
  freePerUsername: number;
  /** Failures per client address that cost no wait (a household shares few addresses). */
  freePerIp: number;
  /** The wait after the first failure past the free ones; it doubles with each further one. */
  baseDelayMs: number;
  /** The longest wait. */
  maxDelayMs: number;
  /** A username or address with no failure for this long starts again from zero. */
  forgetAfterMs: number;
};

export const defaultThrottleOptions: ThrottleOptions = {
  freePerPair: 5,
  freePerUsername: 100,
  freePerIp: 20,
  baseDelayMs: 1000,
  maxDelayMs: 15 * 60_000,
  // Longer than the longest wait, so waiting it out does not reset the back-off.
  forgetAfterMs: 6 * 3_600_000,
};

type Entry = { failures: number; lastFailureAt: number; blockedUntil: number };

/** Entries kept at most; past this the oldest go (someone spraying usernames). */
const MAX_ENTRIES = 50_000;

/** Counts failed sign-ins per username and per address. */
export class LoginThrottle {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly options: ThrottleOptions = defaultThrottleOptions,
    private readonly now: () => number = Date.now,
  ) {}

  /** Seconds until another attempt is allowed for this username from this address; 0 when now. */
  retryAfterSeconds(username: string, ip: string): number {
    const until = Math.max(
      this.blockedUntil(pairKey(username, ip)),
      this.blockedUntil(userKey(username)),
      this.blockedUntil(ipKey(ip)),
    );
    const waitMs = until - this.now();
    return waitMs > 0 ? Math.ceil(waitMs / 1000) : 0;
  }

  /** Records a failed attempt (wrong password, unknown user, disabled user alike). */
  recordFailure(username: string, ip: string): void {
    this.bump(pairKey(username, ip), this.options.freePerPair);
    this.bump(userKey(username), this.options.freePerUsername);
    this.bump(ipKey(ip), this.options.freePerIp);
  }

  /**
   * A successful sign-in clears the username's counts from this address. Not the username's
   * count from everywhere (a guesser elsewhere keeps theirs), nor the address's: an attacker who
   * owns one account must not reset the address's count by signing into it between guesses.
   */
  recordSuccess(username: string, ip: string): void {
    this.entries.delete(pairKey(username, ip));
  }

  private blockedUntil(key: string): number {
    return this.live(key)?.blockedUntil ?? 0;
  }

  private bump(key: string, free: number): void {
    const now = this.now();
    const entry = this.live(key) ?? { failures: 0, lastFailureAt: now, blockedUntil: 0 };
    entry.failures += 1;
    entry.lastFailureAt = now;
    const over = entry.failures - free;
    if (over > 0) {
      // 2^(over-1) overflows nothing: the exponent is capped long before it matters.
      const delay = Math.min(this.options.baseDelayMs * 2 ** Math.min(over - 1, 40), this.options.maxDelayMs);
      entry.blockedUntil = now + delay;
    }
    // Re-inserting keeps the Map in least-recently-failed order for eviction.
    this.entries.delete(key);
    this.entries.set(key, entry);
    if (this.entries.size > MAX_ENTRIES) this.sweep();
  }

  private live(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry && this.forgotten(entry, this.now())) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  private forgotten(entry: Entry, now: number): boolean {
    return entry.blockedUntil <= now && now - entry.lastFailureAt >= this.options.forgetAfterMs;
  }

  private sweep(): void {
    const now = this.now();
    for (const [key, entry] of this.entries) if (this.forgotten(entry, now)) this.entries.delete(key);
    for (const key of this.entries.keys()) {
      if (this.entries.size <= MAX_ENTRIES * 0.9) break;
      this.entries.delete(key);
    }
  }
}

const normal = (username: string) => username.trim().toLowerCase();
const userKey = (username: string) => `u:${normal(username)}`;
// JSON keeps a username with a separator in it from colliding with another pair.
const pairKey = (username: string, ip: string) => `p:${JSON.stringify([normal(username), ip])}`;
const ipKey = (ip: string) => `ip:${ip}`;
