/**
 * The one interface every LLM backend implements. Generation code only ever sees this.
 */
import type { ProviderKind } from '#common/models';

/** A tool the model may call (OpenAI and Ollama both take it as `tools[].function`). */
export type ToolSpec = {
  name: string;
  description: string;
  /** JSON schema of the arguments object. */
  parameters: Record<string, unknown>;
};

/**
 * A tool call as the model wrote it. `arguments` is JSON text as the model wrote it (OpenAI
 * sends text, which may not even be valid JSON; Ollama's object is serialized), so the
 * generation decides what bad arguments mean.
 */
export type ModelToolCall = { id: string; name: string; arguments: string };

/**
 * One turn of the conversation as the model sees it (reasoning never included). An assistant
 * turn may carry the tool calls it made; each call's result follows as a `tool` turn.
 */
export type ChatTurn =
  | { role: 'system' | 'user'; content: string }
  | { role: 'assistant'; content: string; toolCalls?: ModelToolCall[] | undefined }
  | { role: 'tool'; toolCallId: string; name: string; content: string };

/**
 * What a stream yields: answer text, thinking text, complete tool calls (once all of a call's
 * pieces have arrived) and (at the end, if sent) token usage.
 */
export type StreamPart =
  | { kind: 'delta'; text: string }
  | { kind: 'reasoning'; text: string }
  | { kind: 'tool_call'; call: ModelToolCall }
  | { kind: 'usage'; promptTokens: number; completionTokens: number };

export type ChatRequest = {
  /** The model's name as the upstream server calls it. */
  model: string;
  messages: ChatTurn[];
  /** Aborting it must close the upstream HTTP connection (so the server stops computing). */
  signal: AbortSignal;
  /** Sampling settings to pass through (the /v1 gateway's callers set them); unset: the server's defaults. */
  options?: SamplingOptions | undefined;
  /** Tools the model may call; absent or empty: a plain chat request, as before tools existed. */
  tools?: readonly ToolSpec[] | undefined;
};

/** Sampling settings a caller may choose; each provider maps them to its server's names. */
export type SamplingOptions = {
  temperature?: number | undefined;
  topP?: number | undefined;
  /** The most tokens to write (OpenAI `max_tokens`, Ollama `num_predict`). */
  maxTokens?: number | undefined;
  /** Stop sequences. */
  stop?: string[] | undefined;
  /** The context window to ask for (Ollama `num_ctx`; OpenAI-compatible servers fix it when loading). */
  contextLength?: number | undefined;
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
