/**
 * The one interface every LLM backend implements. Generation code only ever sees this.
 */
import type { ProviderKind } from '#common/models';

/** One turn of the conversation as the model sees it (reasoning never included). */
export type ChatTurn = { role: 'system' | 'user' | 'assistant'; content: string };

/** What a stream yields: answer text, thinking text, and (at the end, if sent) token usage. */
export type StreamPart =
  | { kind: 'delta'; text: string }
  | { kind: 'reasoning'; text: string }
  | { kind: 'usage'; promptTokens: number; completionTokens: number };

export type ChatRequest = {
  /** The model's name as the upstream server calls it. */
  model: string;
  messages: ChatTurn[];
  /** Aborting it must close the upstream HTTP connection (so the server stops computing). */
  signal: AbortSignal;
  /** Sampling settings to pass through (the /v1 gateway's callers set them); unset: the server's defaults. */
  options?: SamplingOptions | undefined;
};

/** Sampling settings a caller may choose; each provider maps them to its server's names. */
export type SamplingOptions = {
  temperature?: number | undefined;
  topP?: number | undefined;
  /** The most tokens to write (OpenAI `max_tokens`, Ollama `num_predict`). */
  maxTokens?: number | undefined;
  /** Stop sequences. */
  stop?: string[] | undefined;
};

/** A model as one server lists it. */
export type ProviderModel = { name: string; contextLength?: number };

/** A configured model server: from HEARTH_MODEL_SERVERS, the connections table, or a probe. */
export type ConnectionInfo = {
  id: string;
  name: string;
  provider: ProviderKind;
  baseUrl: string;
  apiKey?: string | undefined;
};

/** A model server behind one interface. */
export type ModelProvider = {
  readonly connection: ConnectionInfo;
  /** The server's models. Throws ModelServerError when it cannot be reached. */
  listModels(signal?: AbortSignal): Promise<ProviderModel[]>;
  /**
   * Streams a chat completion. Throws (or the iterator throws) ModelServerError on failure;
   * an abort ends iteration with the signal's reason (an AbortError).
   */
  streamChat(request: ChatRequest): AsyncIterable<StreamPart>;
};

/** Why a model server failed: each has a message naming the server in plain words. */
export type ModelServerFailure = 'unreachable' | 'timeout' | 'http_error' | 'stream_cut' | 'bad_response';

/** A model server failed. `message` is shown to the user as is. */
export class ModelServerError extends Error {
  constructor(
    readonly failure: ModelServerFailure,
    message: string,
    readonly connectionId: string,
    readonly upstreamStatus?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ModelServerError';
  }
}

/** How long a provider waits (from config: HEARTH_MODEL_*_TIMEOUT_SECONDS). */
export type ProviderTimeouts = {
  /** Listing models; TCP connect is bounded by the HTTP client's own connect timeout. */
  connectTimeoutMs: number;
  /**
   * From sending a chat request to its first token (answer or thinking). Covers a server that
   * is loading the model before it sends any response headers, as Ollama does.
   */
  firstTokenTimeoutMs: number;
};
