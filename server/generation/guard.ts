/**
 * A reply guard: a check a generation runs on its reply while it streams (family safety's
 * content filter, server/safety/family/output-check.ts). The generation does not know what is
 * checked: it hands the guard each piece of text, holds back the newest `holdBack` characters
 * from every listener (so a phrase that completes in a later piece never reached a screen), and
 * on a verdict stops at once — the upstream closed, as Stop does — saving `replacement` instead
 * of the reply, with status `blocked`.
 */

/** What a guard found: a category and the words that matched. */
export type GuardVerdict = { category: string; excerpt: string };

/** A check on one reply (built per reply: it may keep state across pieces). */
export type ReplyGuard = {
  /** Characters of the newest text kept from listeners and progress saves until the reply ends. */
  readonly holdBack: number;
  /** Checks a piece of the answer (`text`) or of the thinking (`reasoning`); a verdict stops the reply. */
  push(kind: 'text' | 'reasoning', piece: string): GuardVerdict | null;
  /** How many characters of that text were checked: only those (less `holdBack`) are shown. */
  checked(kind: 'text' | 'reasoning'): number;
  /** The reply ended: checks what was not checked yet. */
  end(kind: 'text' | 'reasoning'): GuardVerdict | null;
  /**
   * Checks the finished reply before its last held-back text is released (a moderation model);
   * must settle within its own short timeout.
   */
  finished?(content: string): Promise<GuardVerdict | null>;
  /** Hears a verdict once, with the text that was stopped (kept for a guardian, never shown). */
  blocked(verdict: GuardVerdict, stopped: { content: string; reasoning: string }): void;
  /** What is saved and shown in place of a stopped reply. */
  readonly replacement: string;
};
