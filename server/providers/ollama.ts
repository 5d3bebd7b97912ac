/**
 * Ollama's native API through the `ollama` SDK. Thinking arrives in `message.thinking` (or, from
 * older servers and some models, as `<think>` tags in the content); the final `done` line carries
 * the token counts. Each call gets its own client whose fetch carries our AbortSignal, so an
 * abort closes that call's connection and nothing else.
 */
import { Ollama, type ChatResponse } from 'ollama';
import { connectFailure, failures, isAbortLike, mentionsMissingModel } from './errors';
import { ollamaSampling } from './sampling';
import { StreamGuard } from './stream-guard';
import { ThinkTagSplitter } from './think-tags';
import { modelServerFetch } from './fetch';
import { ollamaMessages, ollamaToolCalls, ollamaTools } from './ollama-tools';
import type {
  ChatRequest,
  ConnectionInfo,
  ModelProvider,
  ModelToolCall,
  ProviderModel,
  ProviderTimeouts,
  StreamPart,
} from './types';
import { ModelServerError } from './types';

/** How many `/api/show` requests run at once when listing (one per model). */
const SHOW_CONCURRENCY = 4;
/** The SDK's complaint when the body ends before the `done` line. */
const NO_DONE = /did not receive done/i;

/** Creates the provider for one Ollama connection. */
export function createOllamaProvider(connection: ConnectionInfo, timeouts: ProviderTimeouts): ModelProvider {
  const headers: Record<string, string> = connection.apiKey ? { authorization: `Bearer ${connection.apiKey}` } : {};

  /** A client whose every request is also aborted by `signal`. */
  const clientFor = (signal: AbortSignal) =>
    new Ollama({
      host: connection.baseUrl,
      headers,
      fetch: (input, init) =>
        modelServerFetch(input, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, signal]) : signal }),
    });

  function classify(err: unknown, phase: 'connect' | 'stream', model?: string): ModelServerError {
    if (err instanceof ModelServerError) return err;
    const status = (err as { status_code?: unknown }).status_code;
    if (err instanceof Error && err.name === 'ResponseError' && typeof status === 'number') {
      const detail = err.message;
      if (status === 404 && model && mentionsMissingModel(detail)) return failures.unknownModel(connection, model, err);
      return failures.httpError(connection, status, detail, err);
    }
    if (phase === 'connect') return connectFailure(connection, err) ?? failures.badResponse(connection, err);
    if (err instanceof Error && NO_DONE.test(err.message)) return failures.streamCut(connection, err);
    // The SDK throws a plain Error with the text of an `{"error": "..."}` line.
    if (err instanceof Error && err.constructor === Error) return failures.streamError(connection, err.message, err);
    return failures.streamCut(connection, err);
  }

  async function* streamChat(request: ChatRequest): AsyncGenerator<StreamPart> {
    const guard = new StreamGuard(request.signal, connection, timeouts.firstTokenTimeoutMs);
    let phase: 'connect' | 'stream' = 'connect';
    try {
      const stream = await clientFor(guard.signal).chat({
        model: request.model,
        messages: ollamaMessages(request.messages),
        stream: true,
        options: ollamaSampling(request.options),
        ...(request.tools?.length ? { tools: ollamaTools(request.tools) } : {}),
      });
      phase = 'stream';
      const splitter = new ThinkTagSplitter();
      let last: ChatResponse | undefined;
      let calls: ModelToolCall[] | undefined;
      for await (const chunk of stream) {
        last = chunk;
        const { thinking, content, tool_calls: toolCalls } = chunk.message ?? {};
        if (thinking) {
          guard.gotToken();
          yield { kind: 'reasoning', text: thinking };
        }
        if (content) {
          guard.gotToken();
          for (const part of splitter.push(content)) yield part;
        }
        if (toolCalls?.length) {
          guard.gotToken();
          (calls ??= []).push(...ollamaToolCalls(toolCalls));
        }
      }
      guard.throwIfStopped();
      for (const part of splitter.flush()) yield part;
      if (!last?.done) throw failures.streamCut(connection);
      // Handed on once the reply is whole, as the OpenAI-compatible provider does.
      for (const call of calls ?? []) yield { kind: 'tool_call', call };
      if (typeof last.prompt_eval_count === 'number' || typeof last.eval_count === 'number') {
        yield { kind: 'usage', promptTokens: last.prompt_eval_count ?? 0, completionTokens: last.eval_count ?? 0 };
      }
    } catch (err) {
      throw guard.failure(err, (e) => classify(e, phase, request.model));
    } finally {
      guard.dispose();
    }
  }

  async function listModels(signal?: AbortSignal): Promise<ProviderModel[]> {
    const limit = AbortSignal.timeout(timeouts.connectTimeoutMs);
    const combined = signal ? AbortSignal.any([signal, limit]) : limit;
    const client = clientFor(combined);
    let names: string[];
    try {
      const list = await client.list();
      if (!Array.isArray(list?.models)) throw failures.badResponse(connection);
      names = list.models.map((m) => m.name);
    } catch (err) {
      if (signal?.aborted && (signal.reason as { name?: unknown } | null)?.name !== 'TimeoutError') throw signal.reason;
      if (combined.aborted || isAbortLike(err)) throw failures.listingTimeout(connection, err);
      throw classify(err, 'connect');
    }
    // Context lengths are a nicety: a model whose /api/show fails is listed without one.
    return mapLimit(names, SHOW_CONCURRENCY, async (name) => {
      const contextLength = combined.aborted
        ? undefined
        : await client.show({ model: name }).then(contextLengthOf, () => undefined);
      return contextLength ? { name, contextLength } : { name };
    });
  }

  return { connection, listModels, streamChat };
}

/** `<architecture>.context_length` from `/api/show`'s model_info (a plain object on the wire). */
function contextLengthOf(show: { model_info?: unknown }): number | undefined {
  const info = show.model_info;
  const entries: [string, unknown][] =
    info instanceof Map
      ? [...(info as Map<string, unknown>)]
      : info && typeof info === 'object'
        ? Object.entries(info)
        : [];
  for (const [key, value] of entries) {
    if (key.endsWith('.context_length') && typeof value === 'number' && Number.isInteger(value) && value > 0)
      return value;
  }
  return undefined;
}

/** Runs `fn` on each item, at most `limit` at a time; results in input order. */
async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
