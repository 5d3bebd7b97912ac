/**
 * Moderation models for the fake model server, answering as the real ones do over the same chat
 * APIs (OpenAI-compatible and Ollama's): Llama Guard 3 (`llama-guard3:1b` on Ollama) replies
 * `safe`, or `unsafe` and a line with the hazard codes (`unsafe\nS11`), for the last turn of the
 * conversation it is given; ShieldGemma replies `Yes` (the turn breaks its policy) or `No`.
 * Which turns are unsafe is the test's rule: a pattern per hazard code.
 *
 *   fake.setModelScript('llama-guard3:1b', llamaGuard([{ match: /bomb/i, code: 'S1' }]));
 */
import type { RecordedRequest } from './fake-model-server';
import type { FakeScript } from './script';

/** The model names the fake lists for them. */
export const LLAMA_GUARD_MODEL = 'llama-guard3:1b';
export const SHIELDGEMMA_MODEL = 'shieldgemma:2b';

/** A rule: a last turn matching `match` is unsafe with hazard `code` (S1–S14). */
export type HazardRule = { match: RegExp; code: string };

/** The text of the last message of a chat request (the turn a moderation model classifies). */
export function lastTurnText(rec: RecordedRequest): string {
  const messages = rec.body?.messages;
  if (!Array.isArray(messages) || messages.length === 0) return '';
  const last = messages[messages.length - 1] as { content?: unknown };
  return typeof last.content === 'string' ? last.content : '';
}

/** Llama Guard's answers under `rules`; `extra` adds delays or failures (a slow or broken model). */
export function llamaGuard(rules: readonly HazardRule[], extra: FakeScript = {}) {
  return (rec: RecordedRequest): FakeScript => {
    const text = lastTurnText(rec);
    const codes = rules.filter((r) => r.match.test(text)).map((r) => r.code);
    // Real Llama Guard 3 output starts with a blank line on Ollama; parsers must trim it.
    return { ...extra, reply: codes.length ? `\n\nunsafe\n${[...new Set(codes)].join(',')}` : '\n\nsafe' };
  };
}

/** ShieldGemma's answers: `Yes` when any pattern matches the last turn, else `No`. */
export function shieldGemma(unsafe: readonly RegExp[], extra: FakeScript = {}) {
  return (rec: RecordedRequest): FakeScript => {
    const text = lastTurnText(rec);
    return { ...extra, reply: unsafe.some((p) => p.test(text)) ? 'Yes' : 'No' };
  };
}
