/**
 * Sampling settings (ChatRequest.options) in each server's own names. Only the settings a caller
 * gave are sent: anything left out keeps the model server's (or the model's) default.
 */
import type { SamplingOptions } from './types';

/** OpenAI-compatible request fields. */
export function openAiSampling(o: SamplingOptions | undefined): {
  temperature?: number;
  top_p?: number;
  max_tokens?: number;
  stop?: string[];
} {
  if (!o) return {};
  return {
    ...(o.temperature !== undefined ? { temperature: o.temperature } : {}),
    ...(o.topP !== undefined ? { top_p: o.topP } : {}),
    ...(o.maxTokens !== undefined ? { max_tokens: o.maxTokens } : {}),
    ...(o.stop?.length ? { stop: o.stop } : {}),
  };
}

/** Ollama's native `options` object (undefined when there is nothing to set). */
export function ollamaSampling(
  o: SamplingOptions | undefined,
): { temperature?: number; top_p?: number; num_predict?: number; num_ctx?: number; stop?: string[] } | undefined {
  const fields = openAiSampling(o);
  const numCtx = o?.contextLength;
  if (Object.keys(fields).length === 0 && numCtx === undefined) return undefined;
  const { max_tokens, ...rest } = fields;
  return {
    ...rest,
    ...(max_tokens !== undefined ? { num_predict: max_tokens } : {}),
    ...(numCtx !== undefined ? { num_ctx: numCtx } : {}),
  };
}
