/**
 * The optional moderation model (controls.filter.moderationModel): a model on the household's
 * own server that classifies the last turn of a conversation. Two families are understood:
 *
 * - Llama Guard (`llama-guard3:1b`, …) answers `safe`, or `unsafe` and a line of hazard codes
 *   (`S1`…`S14`, MLCommons' taxonomy): S1 violent crimes → violence, S11 self-harm → self_harm,
 *   S12 sexual content → sexual, anything else → moderation.
 * - ShieldGemma answers `Yes` (the turn breaks its policy) or `No`.
 *
 * It is a second line behind the word lists and must never hold chat up: the whole ask (finding
 * the model included) is cut off after MODERATION_TIMEOUT_MS, and a model that is down, slow or
 * answers something else counts as "no verdict" — the word lists have already run.
 */
import type { FlagCategory } from '#common/family';
import type { AppContext } from '#server/context';
import type { ChatTurn } from '#server/providers/types';

/** The longest a moderation model may take before chat goes on without its verdict. */
export const MODERATION_TIMEOUT_MS = 1_500;

/** Turns of earlier conversation the model is given before the one it classifies. */
const CONTEXT_TURNS = 6;

const LLAMA_GUARD_CODES: Readonly<Record<string, FlagCategory>> = { S1: 'violence', S11: 'self_harm', S12: 'sexual' };
/** When a reply names several hazards, the one a guardian most needs to hear of wins. */
const ORDER: readonly FlagCategory[] = ['self_harm', 'violence', 'sexual', 'moderation'];

/** A moderation model's answer as a category, or null for safe (or an answer it cannot read). */
export function parseModerationAnswer(answer: string): FlagCategory | null {
  const text = answer.trim();
  const first =
    text
      .split(/\s+/, 1)[0]
      ?.toLowerCase()
      .replace(/[^a-z]/g, '') ?? '';
  if (first === 'safe' || first === 'no') return null;
  if (first === 'yes') return 'moderation';
  if (first !== 'unsafe') return null;
  const codes = [...text.matchAll(/\bS(\d{1,2})\b/gi)].map(
    (m) => LLAMA_GUARD_CODES[`S${Number(m[1])}`] ?? 'moderation',
  );
  if (codes.length === 0) return 'moderation';
  return ORDER.find((c) => codes.includes(c)) ?? 'moderation';
}

/** The conversation as the moderation model reads it: user and assistant turns only, the last few. */
export function moderationTurns(history: readonly ChatTurn[], last: ChatTurn): ChatTurn[] {
  const spoken = history.filter(
    (t): t is Extract<ChatTurn, { role: 'user' | 'assistant' }> =>
      (t.role === 'user' || t.role === 'assistant') && t.content !== '',
  );
  return [...spoken.slice(-CONTEXT_TURNS).map((t) => ({ role: t.role, content: t.content })), last];
}

/**
 * Asks `modelId` about the last of `turns`; resolves with a category, or null (safe, no answer
 * in time, model missing or down). Never rejects, never takes longer than `timeoutMs`.
 */
export async function moderate(
  ctx: Pick<AppContext, 'models' | 'log'>,
  modelId: string,
  turns: ChatTurn[],
  timeoutMs = MODERATION_TIMEOUT_MS,
): Promise<FlagCategory | null> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((resolve) => {
    timer = setTimeout(() => {
      controller.abort(new Error('moderation model timed out'));
      resolve(null);
    }, timeoutMs);
  });
  const ask = (async (): Promise<FlagCategory | null> => {
    const resolved = await ctx.models.resolve(modelId);
    if (!resolved) {
      ctx.log.warn({ modelId }, 'moderation model not found; the word lists still apply');
      return null;
    }
    let answer = '';
    const stream = resolved.provider.streamChat({
      model: resolved.upstreamModel,
      messages: turns,
      signal: controller.signal,
      options: { temperature: 0, maxTokens: 16 },
    });
    for await (const part of stream) if (part.kind === 'delta') answer += part.text;
    return parseModerationAnswer(answer);
  })().catch((err: unknown) => {
    if (!controller.signal.aborted)
      ctx.log.warn({ err, modelId }, 'moderation model failed; the word lists still apply');
    return null;
  });
  try {
    return await Promise.race([ask, timeout]);
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
}
