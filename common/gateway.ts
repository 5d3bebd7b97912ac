/**
 * The OpenAI-compatible gateway (`/v1`): requests and replies in OpenAI's own wire format
 * (snake_case, `chat.completion` objects, `{"error": {message, type, param, code}}`), so the
 * official `openai` clients and tools built on them work against Hearth unchanged.
 *
 * Request schemas accept what OpenAI accepts and strip what Hearth does not use (unknown
 * parameters are ignored, as OpenAI-compatible servers do); the rules a schema cannot say
 * clearly (no tool calling, text parts only) are checked by server/gateway/messages.ts so the
 * 400 names the exact parameter.
 */
import { z } from 'zod';

/** A part of an array `content`: only text parts are supported (checked by the server). */
export const ChatContentPart = z
  .object({
    type: z.string().describe('Only "text" is supported'),
    text: z.string().optional().describe('The text of a "text" part'),
  })
  .describe('A content part; images, audio and files are refused with a 400');

/** One message of the conversation. */
export const ChatCompletionMessage = z.object({
  role: z
    .string()
    .describe('"system", "developer" (treated as system), "user" or "assistant"; tool messages are refused'),
  content: z
    .union([z.string(), z.array(ChatContentPart)], { error: 'must be a string or an array of text parts' })
    .nullish()
    .describe('The text, or an array of text parts (joined)'),
  name: z.string().optional().describe('Ignored'),
  tool_calls: z.array(z.unknown()).optional().describe('Refused: tool calling is not supported yet'),
  function_call: z.unknown().optional().describe('Refused: function calling is not supported'),
});
export type ChatCompletionMessage = z.infer<typeof ChatCompletionMessage>;

const positiveInt = z.number().int().min(1);

/** `POST /v1/chat/completions` body. Unknown parameters are ignored. */
export const ChatCompletionRequest = z.object({
  model: z
    .string({ error: 'you must provide a model parameter' })
    .min(1, 'you must provide a model parameter')
    .describe(
      'A model id from GET /v1/models ("<connectionId>/<name>"), or the bare model name when only one allowed model has it; "task:<id>" asks with that task (its locked prompt first, its parameters, its default model) and "task:<id>/<model id>" with one of its models — a model outside the task is 404 model_not_found',
    ),
  messages: z
    .array(ChatCompletionMessage)
    .min(1, 'must contain at least one message')
    .describe('The conversation so far'),
  stream: z.boolean().nullish().describe('true: answer as Server-Sent Events of chat.completion.chunk objects'),
  stream_options: z
    .object({ include_usage: z.boolean().nullish().describe('Send a final chunk with the token usage') })
    .nullish(),
  temperature: z.number().min(0).max(2).nullish().describe('Passed to the model server'),
  top_p: z.number().min(0).max(1).nullish().describe('Passed to the model server'),
  max_tokens: positiveInt.nullish().describe('Passed to the model server (num_predict on Ollama)'),
  max_completion_tokens: positiveInt
    .nullish()
    .describe('Same as max_tokens (the newer name); wins when both are given'),
  stop: z
    .union([z.string(), z.array(z.string()).max(4)])
    .nullish()
    .describe('Up to 4 stop sequences, passed to the model server'),
  n: z.number().int().nullish().describe('Only 1 is supported'),
  tools: z.array(z.unknown()).nullish().describe('Refused when not empty: tool calling is not supported yet'),
  functions: z.array(z.unknown()).nullish().describe('Refused when not empty: function calling is not supported'),
});
export type ChatCompletionRequest = z.infer<typeof ChatCompletionRequest>;

/** Token counts, as OpenAI reports them. */
export const CompletionUsage = z.object({
  prompt_tokens: z.number().int(),
  completion_tokens: z.number().int(),
  total_tokens: z.number().int(),
});

/** The `chat.completion` object (the `stream: false` reply). */
export const ChatCompletion = z.object({
  id: z.string().describe('"chatcmpl-…"'),
  object: z.literal('chat.completion'),
  created: z.number().int().describe('Unix seconds'),
  model: z.string().describe("The model's Hearth id"),
  choices: z.array(
    z.object({
      index: z.number().int(),
      message: z.object({
        role: z.literal('assistant'),
        content: z.string().nullable(),
        reasoning_content: z.string().optional().describe("A reasoning model's thinking, when it sent any"),
        refusal: z.null(),
      }),
      logprobs: z.null(),
      finish_reason: z
        .enum(['stop', 'length', 'content_filter'])
        .describe(
          '"length" when the reply reached max_tokens; "content_filter" when the family-safety filter stopped it',
        ),
    }),
  ),
  usage: CompletionUsage.describe("The model server's counts, or an estimate when it sent none"),
});
export type ChatCompletion = z.infer<typeof ChatCompletion>;

/** One entry of `GET /v1/models`. */
export const OpenAiModel = z.object({
  id: z.string().describe('Hearth model id: "<connectionId>/<name>"'),
  object: z.literal('model'),
  created: z.number().int().describe('Unix seconds (when this Hearth process started; model servers do not say)'),
  owned_by: z.string().describe('The model server it runs on, e.g. "LM Studio"'),
  context_length: z.number().int().optional().describe('The context window in tokens, when the server reports it'),
});
export type OpenAiModel = z.infer<typeof OpenAiModel>;

/** `GET /v1/models`. */
export const OpenAiModelList = z.object({ object: z.literal('list'), data: z.array(OpenAiModel) });
export type OpenAiModelList = z.infer<typeof OpenAiModelList>;

/** OpenAI's error envelope, used by every `/v1` error. */
export const OpenAiErrorBody = z.object({
  error: z.object({
    message: z.string(),
    type: z.string().describe('"invalid_request_error", "requests" (rate limit) or "server_error"'),
    param: z.string().nullable().describe('The offending parameter, e.g. "messages[0].role"'),
    code: z
      .string()
      .nullable()
      .describe('"invalid_api_key", "model_not_found", "rate_limit_exceeded", "model_unavailable", …'),
    until: z.string().optional().describe('Hearth, code quiet_hours: when the quiet time ends (ISO 8601)'),
    resetAt: z.string().optional().describe('Hearth, code daily_limit_reached: when the daily budget starts again'),
  }),
});
export type OpenAiErrorBody = z.infer<typeof OpenAiErrorBody>;
