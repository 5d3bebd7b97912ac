/**
 * A /v1 reply to a supervised member, checked as it streams (the same reply guard as web chat,
 * server/safety/family/output-check.ts): each piece is checked with the text before it and the
 * newest `holdBack` characters are kept back until checked, so nothing the filter stops reaches
 * the client; a verdict ends the reply with finish_reason "content_filter" and the safe
 * replacement as its text.
 */
import type { GuardVerdict, ReplyGuard } from '#server/generation/guard';

type Kind = 'text' | 'reasoning';

/** The held-back text of one guarded /v1 reply. */
export class GuardedReply {
  /** Set once the guard stopped the reply. */
  verdict: GuardVerdict | null = null;
  private readonly all = { text: '', reasoning: '' };
  private readonly shown = { text: 0, reasoning: 0 };

  constructor(private readonly guard: ReplyGuard) {}

  /** Adds a piece; answers the text that may go out now ('' for none), or null once stopped. */
  push(kind: Kind, piece: string): string | null {
    if (this.verdict) return null;
    this.all[kind] += piece;
    const verdict = this.guard.push(kind, piece);
    if (verdict) return this.stop(verdict);
    return this.release(kind, this.guard.checked(kind) - this.guard.holdBack);
  }

  /** The reply ended: the guard's last check, then what is still held back (null once stopped). */
  async finish(): Promise<{ text: string; reasoning: string } | null> {
    if (this.verdict) return null;
    let verdict = this.guard.end('reasoning') ?? this.guard.end('text');
    if (!verdict && this.guard.finished) verdict = await this.guard.finished(this.all.text).catch(() => null);
    if (verdict) return this.stop(verdict);
    return {
      reasoning: this.release('reasoning', this.all.reasoning.length),
      text: this.release('text', this.all.text.length),
    };
  }

  /** What stands in for the reply once stopped. */
  get replacement(): string {
    return this.guard.replacement;
  }

  private stop(verdict: GuardVerdict): null {
    this.verdict = verdict;
    this.guard.blocked(verdict, { content: this.all.text, reasoning: this.all.reasoning });
    return null;
  }

  /** The text up to `upTo` not given out yet (never half a surrogate pair). */
  private release(kind: Kind, upTo: number): string {
    const all = this.all[kind];
    upTo = Math.min(upTo, all.length);
    if (upTo > 0 && upTo < all.length && /[\uD800-\uDBFF]/.test(all[upTo - 1]!)) upTo--;
    const from = this.shown[kind];
    if (upTo <= from) return '';
    this.shown[kind] = upTo;
    return all.slice(from, upTo);
  }
}
