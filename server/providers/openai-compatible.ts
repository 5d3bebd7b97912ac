/**
 * Any OpenAI-compatible server (LM Studio, llama.cpp server, vLLM, Ollama's /v1, OpenAI itself)
 * through the official `openai` SDK. Thinking arrives as `delta.reasoning` (Ollama, vLLM new),
 * `delta.reasoning_content` (LM Studio, DeepSeek, vLLM old) or `<think>` tags in the content;
 * all three become reasoning parts.
 */
import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError } from 'openai';
import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import { modelServerFetch } from './fetch';
import { connectFailure, failures, isAbortLike, mentionsMissingModel } from './errors';
import { openAiSampling } from './sampling';
import { StreamGuard } from './stream-guard';
import { ThinkTagSplitter } from './think-tags';
import { openAiMessages, openAiTools, ToolCallAssembler } from './openai-tools';
import type { ChatRequest, ConnectionInfo, ModelProvider, ProviderModel, ProviderTimeouts, StreamPart } from './types';
import { ModelServerError } from './types';

/** A delta as the servers send it: the SDK's type plus the reasoning fields it does not know. */
type Delta = Pick<ChatCompletionChunk.Choice.Delta, 'tool_calls'> & {
  content?: string | null;
  reasoning?: string | null;
  reasoning_content?: string | null;
};

/**
 * The SDK client Hearth uses for one OpenAI-compatible server (the streaming bench's SDK relay
 * uses it too, so its floor is measured with exactly these options).
 */
export function createOpenAiClient(
  connection: Pick<ConnectionInfo, 'baseUrl' | 'apiKey'>,
  timeouts: Pick<ProviderTimeouts, 'connectTimeoutMs'>,
): OpenAI {
  return new OpenAI({
    baseURL: connection.baseUrl,
    apiKey: connection.apiKey ?? 'not-needed',
    // Set explicitly so the SDK adds no headers from OPENAI_* environment variables.
    organization: null,
    project: null,
    maxRetries: 0,
    timeout: timeouts.connectTimeoutMs,
    logLevel: 'off',
    // undici over a keep-alive Agent (fetch.ts).
    fetch: modelServerFetch,
  });
}

/** Creates the provider for one OpenAI-compatible connection. */
export function createOpenAiProvider(connection: ConnectionInfo, timeouts: ProviderTimeouts): ModelProvider {
  const client = createOpenAiClient(connection, timeouts);

  /** What went wrong with a request that got no usable reply. */
  function classify(err: unknown, phase: 'connect' | 'stream', model?: string): ModelServerError {
    if (err instanceof ModelServerError) return err;
    if (err instanceof APIConnectionTimeoutError)
      return phase === 'connect' && !model
        ? failures.listingTimeout(connection, err)
        : failures.connectTimeout(connection, err);
    if (err instanceof APIConnectionError)
      return connectFailure(connection, err) ?? failures.unreachable(connection, err);
    if (err instanceof APIError) {
      const body = err.error as { message?: unknown; code?: unknown } | undefined;
      const detail = typeof body?.message === 'string' ? body.message : undefined;
      const status: unknown = err.status;
      // No status: an error event inside a stream that had started fine.
      if (typeof status !== 'number') return failures.streamError(connection, detail ?? err.message, err);
      if (status === 404 && model && mentionsMissingModel(detail, body?.code))
        return failures.unknownModel(connection, model, err);
      return failures.httpError(connection, status, detail, err);
    }
    if (phase === 'stream' && !(err instanceof SyntaxError)) return failures.streamCut(connection, err);
    return connectFailure(connection, err) ?? failures.badResponse(connection, err);
  }

  async function* streamChat(request: ChatRequest): AsyncGenerator<StreamPart> {
    const guard = new StreamGuard(request.signal, connection, timeouts.firstTokenTimeoutMs);
    let phase: 'connect' | 'stream' = 'connect';
    try {
      const stream = await client.chat.completions.create(
        {
          model: request.model,
          messages: openAiMessages(request.messages),
          stream: true,
          stream_options: { include_usage: true },
          ...openAiSampling(request.options),
          ...(request.tools?.length ? { tools: openAiTools(request.tools) } : {}),
        },
        // The guard's first-token timer bounds the wait for headers; the SDK's must not fire first.
        { signal: guard.signal, timeout: timeouts.firstTokenTimeoutMs + 60_000 },
      );
      phase = 'stream';
      const splitter = new ThinkTagSplitter();
      let toolCalls: ToolCallAssembler | undefined;
      let finished = false;
      for await (const chunk of stream) {
        if (chunk.usage) {
          yield {
            kind: 'usage',
            promptTokens: chunk.usage.prompt_tokens,
            completionTokens: chunk.usage.completion_tokens,
          };
        }
        const choice = chunk.choices[0];
        if (!choice) continue;
        const delta = choice.delta as Delta;
        const thinking = delta.reasoning || delta.reasoning_content;
        if (thinking) {
          guard.gotToken();
          yield { kind: 'reasoning', text: thinking };
        }
        if (delta.content) {
          guard.gotToken();
          for (const part of splitter.push(delta.content)) yield part;
        }
        if (delta.tool_calls?.length) {
          guard.gotToken();
          (toolCalls ??= new ToolCallAssembler()).push(delta.tool_calls);
        }
        if (choice.finish_reason) finished = true;
      }
      guard.throwIfStopped();
      for (const part of splitter.flush()) yield part;
      // The SDK ends quietly when the body ends; a reply with no finish_reason was cut short.
      if (!finished) throw failures.streamCut(connection);
      // Only whole calls are handed on: a call's arguments are complete once the stream is.
      for (const call of toolCalls?.take() ?? []) yield { kind: 'tool_call', call };
    } catch (err) {
      throw guard.failure(err, (e) => classify(e, phase, request.model));
    } finally {
      guard.dispose();
    }
  }

  async function listModels(signal?: AbortSignal): Promise<ProviderModel[]> {
    const limit = AbortSignal.timeout(timeouts.connectTimeoutMs);
    const combined = signal ? AbortSignal.any([signal, limit]) : limit;
    try {
      const [page, lmStudio] = await Promise.all([
        client.models.list({ signal: combined }),
        lmStudioContextLengths(connection, combined),
      ]);
      if (!Array.isArray(page.data)) throw failures.badResponse(connection);
      return page.data.map((m) => {
        const contextLength = lmStudio.get(m.id) ?? contextLengthOf(m);
        return contextLength ? { name: m.id, contextLength } : { name: m.id };
      });
    } catch (err) {
      if (signal?.aborted && !isTimeout(signal.reason)) throw signal.reason;
      if (combined.aborted || isAbortLike(err)) throw failures.listingTimeout(connection, err);
      throw classify(err, 'connect');
    }
  }

  return { connection, listModels, streamChat };
}

const isTimeout = (reason: unknown) => (reason as { name?: unknown } | null)?.name === 'TimeoutError';

/** A positive integer or undefined. */
const positiveInt = (v: unknown) => (typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : undefined);

/** Context length from the extra fields servers add to /v1/models entries. */
function contextLengthOf(model: object): number | undefined {
  const m = model as Record<string, unknown> & { meta?: Record<string, unknown> };
  return (
    positiveInt(m.max_model_len) ?? // vLLM
    positiveInt(m.context_length) ?? // OpenRouter and others
    positiveInt(m.max_context_length) ?? // LM Studio
    positiveInt(m.meta?.n_ctx_train) // llama.cpp server
  );
}

/**
 * LM Studio's own `/api/v0/models` knows each model's `max_context_length`; /v1/models does
 * not. Any other server answers 404 here, which is fine: failures are ignored.
 */
async function lmStudioContextLengths(connection: ConnectionInfo, signal: AbortSignal): Promise<Map<string, number>> {
  const lengths = new Map<string, number>();
  try {
    const base = new URL(connection.baseUrl);
    if (!/\/v1\/?$/.test(base.pathname)) return lengths;
    const url = new URL(base.pathname.replace(/\/v1\/?$/, '/api/v0/models'), base);
    const res = await fetch(url, {
      signal,
      headers: connection.apiKey ? { authorization: `Bearer ${connection.apiKey}` } : {},
    });
    if (!res.ok) {
      await res.body?.cancel();
      return lengths;
    }
    const body = (await res.json()) as { data?: { id?: unknown; max_context_length?: unknown }[] };
    for (const m of body.data ?? []) {
      const length = positiveInt(m.max_context_length);
      if (typeof m.id === 'string' && length) lengths.set(m.id, length);
    }
  } catch {
    // Not LM Studio, or it did not answer: /v1/models alone will do.
  }
  return lengths;
}
