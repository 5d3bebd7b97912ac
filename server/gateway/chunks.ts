/**
 * OpenAI's chat completion objects, key for key as api.openai.com writes them (compare the
 * captured stream test/fakes/fixtures/openai-chat.gpt-4o.text.sse): a role chunk with empty
 * content, one chunk per delta, a finish chunk with an empty delta, an optional usage chunk with
 * no choices, then `data: [DONE]`. Thinking goes in `reasoning_content` (LM Studio's and
 * DeepSeek's field, which OpenAI-compatible tools read).
 */
import { randomBytes } from 'node:crypto';
import type { ChatCompletion } from '#common/gateway';

export type FinishReason = 'stop' | 'length' | 'content_filter';
export type TokenUsage = { promptTokens: number; completionTokens: number };

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** "chatcmpl-" and 29 random letters and digits, like OpenAI's ids. */
export function completionId(): string {
  let id = 'chatcmpl-';
  for (const byte of randomBytes(29)) id += ALPHABET[byte % ALPHABET.length];
  return id;
}

const usageJson = (u: TokenUsage) => ({
  prompt_tokens: u.promptTokens,
  completion_tokens: u.completionTokens,
  total_tokens: u.promptTokens + u.completionTokens,
});

/** Builds the SSE frames of one streamed completion. */
export class ChunkWriter {
  private readonly head: string;

  constructor(
    readonly id: string,
    readonly created: number,
    readonly model: string,
  ) {
    this.head = `{"id":${JSON.stringify(id)},"object":"chat.completion.chunk","created":${created},"model":${JSON.stringify(model)},"choices":`;
  }

  private choice(delta: object, finish: FinishReason | null): string {
    const choice = { index: 0, delta, logprobs: null, finish_reason: finish };
    return `data: ${this.head}[${JSON.stringify(choice)}]}\n\n`;
  }

  /** The first chunk: the role, with empty content. */
  role(): string {
    return this.choice({ role: 'assistant', content: '', refusal: null }, null);
  }

  content(text: string): string {
    return this.choice({ content: text }, null);
  }

  reasoning(text: string): string {
    return this.choice({ reasoning_content: text }, null);
  }

  /** The last choice chunk: an empty delta and why the reply ended. */
  finish(reason: FinishReason): string {
    return this.choice({}, reason);
  }

  /** Sent after the finish chunk when the client asked for `stream_options.include_usage`. */
  usage(usage: TokenUsage): string {
    return `data: ${this.head}[],"usage":${JSON.stringify(usageJson(usage))}}\n\n`;
  }

  /** An error after the stream started: the SDK throws an APIError with this. */
  static error(body: object): string {
    return `data: ${JSON.stringify(body)}\n\n`;
  }

  static readonly done = 'data: [DONE]\n\n';
}

/** The `stream: false` reply. */
export function completionObject(input: {
  id: string;
  created: number;
  model: string;
  content: string;
  reasoning: string;
  finish: FinishReason;
  usage: TokenUsage;
}): ChatCompletion {
  return {
    id: input.id,
    object: 'chat.completion',
    created: input.created,
    model: input.model,
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: input.content,
          ...(input.reasoning ? { reasoning_content: input.reasoning } : {}),
          refusal: null,
        },
        logprobs: null,
        finish_reason: input.finish,
      },
    ],
    usage: usageJson(input.usage),
  };
}
