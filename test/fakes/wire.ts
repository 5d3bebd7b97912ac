/**
 * The wire formats the fake model server writes, key for key in the order the real servers
 * write them (checked against the captured fixtures by fake-model-server.test.ts):
 * - OpenAI `/v1/chat/completions` SSE as api.openai.com sends it (gpt-4o fixture), or as
 *   Ollama's OpenAI-compatible API sends it (qwen3 fixture: no `logprobs`, every delta repeats
 *   role and content, thinking in `delta.reasoning`);
 * - Ollama native `/api/chat` NDJSON (gemma3 fixtures).
 *
 * Each builder precomputes the constant head and tail of its chunk once per stream, so a token
 * costs one string concatenation (the benchmark streams through this).
 */

const J = JSON.stringify;

/** Whose OpenAI-compatible dialect to speak. */
export type OpenAiFlavor = 'openai' | 'ollama';
/** Which delta field carries a reasoning model's thinking (or `<think>` tags in the content). */
export type ReasoningStyle = 'reasoning' | 'reasoning_content' | 'think-tags';

/** Token counts reported at the end of a stream. */
export type FakeUsage = { promptTokens: number; completionTokens: number; reasoningTokens?: number };

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const randomId = (length: number) => {
  let s = '';
  for (let i = 0; i < length; i++) s += ALNUM[Math.floor(Math.random() * ALNUM.length)];
  return s;
};

/** An OpenAI error object as OpenAI-compatible servers send it (HTTP body or SSE event). */
export function openAiErrorBody(message: string, type: string, code: string | null): string {
  return `{"error":{"message":${J(message)},"type":${J(type)},"param":null,"code":${J(code)}}}`;
}

/** An Ollama native error body / NDJSON error line (without the newline). */
export const ollamaErrorBody = (message: string) => `{"error":${J(message)}}`;

/** Chunks of one OpenAI-style SSE stream. */
export class OpenAiChunks {
  readonly id: string;
  readonly created = Math.floor(Date.now() / 1000);
  private readonly head: string;
  private readonly tail: string;
  private readonly meta: string;

  constructor(
    readonly flavor: OpenAiFlavor,
    readonly model: string,
  ) {
    this.id = flavor === 'ollama' ? `chatcmpl-${Math.floor(Math.random() * 1000)}` : `chatcmpl-${randomId(29)}`;
    const fingerprint = flavor === 'ollama' ? 'fp_ollama' : 'fp_f4k3m0d31';
    this.meta = `{"id":${J(this.id)},"object":"chat.completion.chunk","created":${this.created},"model":${J(model)},"system_fingerprint":"${fingerprint}","choices":`;
    this.head = `data: ${this.meta}[{"index":0,"delta":`;
    this.tail = flavor === 'ollama' ? ',"finish_reason":null}]}\n\n' : ',"logprobs":null,"finish_reason":null}]}\n\n';
  }

  /**
   * The first chunk: role and empty content (OpenAI only; Ollama starts with content). A reply
   * that is only tool calls starts with `content: null` and no refusal, as the gpt-4o capture does.
   */
  role(toolCallsOnly = false): string {
    if (this.flavor === 'ollama') return '';
    return toolCallsOnly
      ? `${this.head}{"role":"assistant","content":null}${this.tail}`
      : `${this.head}{"role":"assistant","content":"","refusal":null}${this.tail}`;
  }

  content(text: string): string {
    return this.flavor === 'ollama'
      ? `${this.head}{"role":"assistant","content":${J(text)}}${this.tail}`
      : `${this.head}{"content":${J(text)}}${this.tail}`;
  }

  reasoning(field: 'reasoning' | 'reasoning_content', text: string): string {
    return this.flavor === 'ollama'
      ? `${this.head}{"role":"assistant","content":"","${field}":${J(text)}}${this.tail}`
      : `${this.head}{"${field}":${J(text)}}${this.tail}`;
  }

  /** The first piece of tool call `index`: its id, type and name, no arguments yet (as OpenAI sends it). */
  toolCallStart(index: number, id: string, name: string): string {
    return `${this.head}{"tool_calls":[{"index":${index},"id":${J(id)},"type":"function","function":{"name":${J(name)},"arguments":""}}]}${this.tail}`;
  }

  /** A fragment of tool call `index`'s arguments text. */
  toolCallArguments(index: number, fragment: string): string {
    return `${this.head}{"tool_calls":[{"index":${index},"function":{"arguments":${J(fragment)}}}]}${this.tail}`;
  }

  finish(reason = 'stop'): string {
    return this.flavor === 'ollama'
      ? `${this.head}{"role":"assistant","content":""},"finish_reason":${J(reason)}}]}\n\n`
      : `${this.head}{},"logprobs":null,"finish_reason":${J(reason)}}]}\n\n`;
  }

  /** The `stream_options.include_usage` chunk: no choices, only usage. */
  usage(u: FakeUsage): string {
    const total = u.promptTokens + u.completionTokens;
    const details =
      this.flavor === 'ollama' ? '' : `,"completion_tokens_details":{"reasoning_tokens":${u.reasoningTokens ?? 0}}`;
    return `data: ${this.meta}[],"usage":{"prompt_tokens":${u.promptTokens},"completion_tokens":${u.completionTokens},"total_tokens":${total}${details}}}\n\n`;
  }

  done(): string {
    return 'data: [DONE]\n\n';
  }

  /** A mid-stream error event, as vLLM / llama.cpp / Ollama send it. */
  error(message: string): string {
    return `data: ${openAiErrorBody(message, 'server_error', null)}\n\n`;
  }

  /** The whole `chat.completion` object of a non-streaming reply. */
  completion(
    content: string,
    reasoning: { field: 'reasoning' | 'reasoning_content'; text: string } | null,
    u: FakeUsage,
  ): string {
    const extra = reasoning ? `,${J(reasoning.field)}:${J(reasoning.text)}` : '';
    const refusal = this.flavor === 'ollama' ? '' : ',"refusal":null';
    const logprobs = this.flavor === 'ollama' ? '' : ',"logprobs":null';
    const total = u.promptTokens + u.completionTokens;
    return (
      `{"id":${J(this.id)},"object":"chat.completion","created":${this.created},"model":${J(this.model)},` +
      `"choices":[{"index":0,"message":{"role":"assistant","content":${J(content)}${refusal}${extra}}${logprobs},"finish_reason":"stop"}],` +
      `"usage":{"prompt_tokens":${u.promptTokens},"completion_tokens":${u.completionTokens},"total_tokens":${total}},` +
      `"system_fingerprint":"${this.flavor === 'ollama' ? 'fp_ollama' : 'fp_f4k3m0d31'}"}`
    );
  }
}

let stampMs = -1;
let stamp = '';
/** Ollama's `created_at`; recomputed at most once per millisecond across all streams. */
function createdAt(): string {
  const now = Date.now();
  if (now !== stampMs) {
    stampMs = now;
    stamp = new Date(now).toISOString();
  }
  return stamp;
}

/** Lines of one Ollama native `/api/chat` NDJSON stream. */
export class OllamaLines {
  private readonly head: string;
  private readonly startedAt = process.hrtime.bigint();

  constructor(readonly model: string) {
    this.head = `{"model":${J(model)},"created_at":"`;
  }

  content(text: string): string {
    return `${this.head}${createdAt()}","message":{"role":"assistant","content":${J(text)}},"done":false}\n`;
  }

  thinking(text: string): string {
    return `${this.head}${createdAt()}","message":{"role":"assistant","content":"","thinking":${J(text)}},"done":false}\n`;
  }

  /**
   * The line carrying the model's tool calls, as Ollama's API documents it (no real capture is
   * in the fixtures): empty content, `tool_calls` with `function.name` and `function.arguments`
   * as an OBJECT, no call id, `done: false`; the done line follows.
   */
  toolCalls(calls: readonly { name: string; arguments: Record<string, unknown> }[]): string {
    const list = calls.map((c) => `{"function":{"name":${J(c.name)},"arguments":${J(c.arguments)}}}`).join(',');
    return `${this.head}${createdAt()}","message":{"role":"assistant","content":"","tool_calls":[${list}]},"done":false}\n`;
  }

  /** The last line: done, why, and the timings and token counts. */
  final(u: FakeUsage, message: { content: string; thinking?: string } = { content: '' }): string {
    const total = Number(process.hrtime.bigint() - this.startedAt);
    const thinking = message.thinking ? `,"thinking":${J(message.thinking)}` : '';
    return (
      `${this.head}${createdAt()}","message":{"role":"assistant","content":${J(message.content)}${thinking}},` +
      `"done_reason":"stop","done":true,"total_duration":${total},"load_duration":${Math.floor(total / 10)},` +
      `"prompt_eval_count":${u.promptTokens},"prompt_eval_duration":${Math.floor(total / 5)},` +
      `"eval_count":${u.completionTokens},"eval_duration":${Math.floor((total * 3) / 5)}}\n`
    );
  }

  error(message: string): string {
    return `${ollamaErrorBody(message)}\n`;
  }
}
