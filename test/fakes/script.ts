/**
 * What the fake model server does for one chat request: the reply, how fast, and how it fails.
 * Tests queue scripts (or pass a function of the request); see fake-model-server.ts.
 */
import type { FixtureName } from './fixtures';
import type { FakeUsage, OpenAiFlavor, ReasoningStyle } from './wire';

/** One chat request's behaviour. Every field is optional; the default is a short plain reply. */
export type FakeScript = {
  /** The answer, cut into word-sized tokens (ignored when `tokens` is given). */
  reply?: string;
  /** The answer as explicit chunks, e.g. to split a `<think>` tag across chunks. */
  tokens?: string[];
  /** A reasoning model's thinking, streamed before the answer. */
  thinking?: string;
  /**
   * Where thinking goes on the OpenAI-compatible API: `delta.reasoning` (Ollama /v1, the
   * default), `delta.reasoning_content` (LM Studio, DeepSeek, vLLM) or `<think>` tags inside the
   * content. On Ollama's native API thinking goes in `message.thinking` unless `think-tags`.
   */
  reasoningStyle?: ReasoningStyle;
  /** OpenAI-compatible dialect: api.openai.com's (default) or Ollama's /v1. */
  flavor?: OpenAiFlavor;
  /** Milliseconds between tokens (0: as fast as the socket takes them). */
  tokenIntervalMs?: number;
  /** Milliseconds between the response headers and the first token (a model loading). */
  firstTokenDelayMs?: number;
  /** Milliseconds before the response headers are sent (a server that accepted but hangs). */
  headersDelayMs?: number;
  /** Answer with this HTTP status and the server's error body instead of a reply. */
  status?: number;
  /** The error message for `status` or `errorAfterTokens`. */
  errorMessage?: string;
  /** Close the connection after this many tokens (thinking and answer), with no final chunk. */
  cutAfterTokens?: number;
  /** Send the server's mid-stream error event after this many tokens, then end the response. */
  errorAfterTokens?: number;
  /** Send this captured stream verbatim (one SSE event / NDJSON line per token interval). */
  replay?: FixtureName;
  /** Token counts to report (default: counted from the tokens and the prompt). */
  usage?: FakeUsage;
  /**
   * Answer with these tool calls (after `reply`, which then defaults to no text): OpenAI
   * `delta.tool_calls` in pieces (id and name first, the arguments text in fragments, finish
   * reason `tool_calls`); Ollama one `message.tool_calls` line with the arguments as an object.
   */
  toolCalls?: FakeToolCall[];
};

/**
 * A tool call the fake makes. `arguments` as text is sent as it is (bad JSON included) on the
 * OpenAI API; an object is serialized there and sent as the object on Ollama's.
 */
export type FakeToolCall = { name: string; arguments: string | Record<string, unknown>; id?: string };

/** The default reply when a script names none. */
export const DEFAULT_REPLY = 'Hello from the fake model server.';

const tokenCache = new Map<string, string[]>();

/**
 * Cuts text into word-sized chunks with their leading whitespace (" world"), as model servers
 * stream. Cached: the benchmark sends the same reply thousands of times.
 */
export function tokenize(text: string): string[] {
  let tokens = tokenCache.get(text);
  if (!tokens) {
    tokens = text.match(/\s*\S+|\s+$/g) ?? [];
    if (tokenCache.size > 256) tokenCache.clear();
    tokenCache.set(text, tokens);
  }
  return tokens;
}

/** The reply of a script as thinking chunks and answer chunks. */
export function scriptTokens(script: FakeScript): { thinking: string[]; answer: string[] } {
  const answer = script.tokens ?? tokenize(script.reply ?? (script.toolCalls ? '' : DEFAULT_REPLY));
  const thinking = script.thinking ? tokenize(script.thinking) : [];
  return { thinking, answer };
}

/** A rough prompt token count (four characters a token) from a chat request body's messages. */
export function promptTokenCount(body: unknown): number {
  const messages = (body as { messages?: { content?: unknown }[] } | undefined)?.messages;
  if (!Array.isArray(messages)) return 1;
  let chars = 0;
  for (const m of messages) if (typeof m?.content === 'string') chars += m.content.length;
  return Math.max(1, Math.ceil(chars / 4));
}
