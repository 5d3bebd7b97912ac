/**
 * One /v1 chat completion through Hearth's provider layer, streamed as OpenAI SSE chunks or
 * answered as one `chat.completion` object.
 *
 * The client's connection owns the upstream one: when the client goes away (a closed socket,
 * `stream.controller.abort()` in the SDK) the AbortSignal closes the model server's connection
 * so it stops computing — unlike web chat, nothing else is waiting for this reply.
 *
 * Streaming answers wait (up to HEADERS_WAIT_MS) for the first token before sending the 200, so
 * a model server that is down or refuses the request gives the client a real 502/503 rather
 * than a stream with an error inside; a slow-loading model gets its headers and role chunk
 * after the wait, then keep-alive comments until it speaks.
 *
 * A completion waits for its turn in the fair queue (server/generation/scheduler.ts) like every
 * generation of the member: their limit and the model server's `maxConcurrent` apply. Waiting
 * shows as the same slow start (headers after HEADERS_WAIT_MS, keep-alive comments); a client
 * that goes away while waiting leaves the queue.
 */
import type { FastifyReply } from 'fastify';
import type { User } from '#common/auth';
import type { ChatCompletion } from '#common/gateway';
import type { AppContext } from '#server/context';
import type { ResolvedModel } from '#server/providers/registry';
import type { ChatTurn, SamplingOptions, StreamPart } from '#server/providers/types';
import type { Slot } from '#server/generation/scheduler';
import { recordUsage, tokensFor } from '#server/safety/usage';
import type { ReplyGuard } from '#server/generation/guard';
import { ApiRequestStopped } from './active';
import { GuardedReply } from './guarded';
import { ChunkWriter, completionId, completionObject, type FinishReason, type TokenUsage } from './chunks';
import { OpenAiError, toOpenAiError } from './errors';

/** How long a stream may wait for its first token before the 200 and the role chunk go out anyway. */
export const HEADERS_WAIT_MS = 5_000;
/** A comment line this often keeps proxies from closing a stream the model is slow to fill. */
const KEEP_ALIVE_MS = 15_000;

/** Everything one completion needs. */
export type CompletionJob = {
  ctx: AppContext;
  user: User;
  resolved: ResolvedModel;
  turns: ChatTurn[];
  options: SamplingOptions;
  /** A supervised member's reply is checked while it streams (family safety). */
  guard?: ReplyGuard | undefined;
};

/** What came back so far. */
type Collected = { content: string; reasoning: string; reported: TokenUsage | undefined };

/** The reason for a client that went away (never shown to anyone). */
class ClientGone extends Error {
  override readonly name = 'AbortError';
}

/** The reason for a reply the family-safety filter stopped (the upstream is closed at once). */
class FilterStopped extends Error {
  override readonly name = 'AbortError';
}

/**
 * The upstream call of one job: its AbortController (aborted when the client's connection
 * closes, or by ctx.apiRequests when the user is cut off), its parts, and its usage booking (once).
 */
function startUpstream(job: CompletionJob, reply: FastifyReply) {
  const controller = new AbortController();
  const res = reply.raw;
  const onClose = () => {
    if (!res.writableFinished) controller.abort(new ClientGone('The client closed the connection.'));
  };
  res.on('close', onClose);
  const untrack = job.ctx.apiRequests.track(job.user.id, controller);
  const collected: Collected = { content: '', reasoning: '', reported: undefined };
  let booked: Promise<void> | null = null;
  let slot: Slot | null = null;
  const guarded = job.guard ? new GuardedReply(job.guard) : null;

  /** The model's parts, once the fair queue gives this request its turn. */
  async function* queued(): AsyncGenerator<StreamPart> {
    slot = await job.ctx.generations.scheduler.acquire({
      userId: job.user.id,
      serverId: job.resolved.model.connectionId,
      signal: controller.signal,
    });
    // Aborted while waiting (the client went away, the account was cut off): the reason says which.
    if (!slot) throw controller.signal.reason ?? new ApiRequestStopped('The Hearth server is shutting down.');
    yield* job.resolved.provider.streamChat({
      model: job.resolved.upstreamModel,
      messages: job.turns,
      signal: controller.signal,
      options: job.options,
    });
  }
  const parts = queued();
  return {
    controller,
    collected,
    parts,
    guarded,
    /**
     * Reads the parts, handing each to `onPart` (false from it: the filter stopped the reply, so
     * the upstream is closed at once). Errors after such a stop are the abort's: not errors.
     */
    read: async (onPart: (part: StreamPart) => boolean) => {
      try {
        for await (const part of parts) {
          if (onPart(part)) continue;
          controller.abort(new FilterStopped('The family-safety filter stopped the reply.'));
          break;
        }
      } catch (err) {
        if (!guarded?.verdict) throw err;
      }
    },
    /** The tokens to report: the server's counts, else an estimate. */
    usage: (): TokenUsage =>
      tokensFor({
        reported: collected.reported,
        turns: job.turns,
        outputChars: collected.content.length + collected.reasoning.length,
      }),
    /** Counts the request against the user (once; later calls return the same promise). */
    book: (): Promise<void> =>
      // Never asked (it left the queue first): the model did nothing to count.
      (booked ??= !slot
        ? Promise.resolve()
        : recordUsage(job.ctx.db, job.ctx.log, {
            userId: job.user.id,
            source: 'api',
            timeZone: job.ctx.config.timeZone,
            reported: collected.reported,
            turns: job.turns,
            outputChars: collected.content.length + collected.reasoning.length,
          })),
    dispose: () => {
      slot?.release();
      res.off('close', onClose);
      untrack();
    },
  };
}

/** "length" when the reply used every token it was allowed, else "stop". */
function finishReason(options: SamplingOptions, usage: TokenUsage): FinishReason {
  return options.maxTokens !== undefined && usage.completionTokens >= options.maxTokens ? 'length' : 'stop';
}

/** Why the server cut a request off (disabled account, shutdown), as the client sees it. */
function stoppedError(reason: unknown): OpenAiError | null {
  if (!(reason instanceof ApiRequestStopped)) return null;
  return new OpenAiError(503, reason.message, 'server_error', 'request_stopped');
}

const internalError = () =>
  new OpenAiError(500, 'The server had an error while processing your request.', 'server_error', null);

/** `stream: false`: the whole reply as a `chat.completion` object. */
export async function completeOnce(job: CompletionJob, reply: FastifyReply): Promise<ChatCompletion | undefined> {
  const id = completionId();
  const created = Math.floor(Date.now() / 1000);
  const run = startUpstream(job, reply);
  try {
    await run.read((part) => {
      if (part.kind === 'usage') run.collected.reported = part;
      else if (part.kind === 'delta') {
        run.collected.content += part.text;
        return run.guarded?.push('text', part.text) !== null;
      }
      // No tools are offered on /v1 (messages.ts refuses them), so no tool calls come back.
      else if (part.kind === 'reasoning') {
        run.collected.reasoning += part.text;
        return run.guarded?.push('reasoning', part.text) !== null;
      }
      return true;
    });
    const passed = run.guarded ? (await run.guarded.finish()) !== null : true;
    await run.book();
    const usage = run.usage();
    const { content, reasoning } = run.collected;
    return completionObject({
      id,
      created,
      model: job.resolved.model.id,
      content: passed ? content : run.guarded!.replacement,
      reasoning: passed ? reasoning : '',
      finish: passed ? finishReason(job.options, usage) : 'content_filter',
      usage,
    });
  } catch (err) {
    const reason: unknown = run.controller.signal.reason;
    if (reason instanceof ClientGone) {
      // Nobody is listening: do not let Fastify try to answer on a closed socket.
      reply.hijack();
      return undefined;
    }
    if (!(toOpenAiError(err) ?? stoppedError(reason))) job.ctx.log.error({ err }, '/v1 completion failed');
    throw stoppedError(reason) ?? toOpenAiError(err) ?? internalError();
  } finally {
    run.dispose();
    void run.book();
  }
}

/** `stream: true`: OpenAI's SSE chunks on the hijacked reply. */
export async function streamCompletion(job: CompletionJob, reply: FastifyReply, includeUsage: boolean): Promise<void> {
  const writer = new ChunkWriter(completionId(), Math.floor(Date.now() / 1000), job.resolved.model.id);
  const res = reply.raw;
  const run = startUpstream(job, reply);
  let opened = false;
  let keepAlive: NodeJS.Timeout | undefined;

  /** Sends the 200 and the role chunk (once). */
  const open = () => {
    if (opened) return;
    opened = true;
    reply.hijack();
    if (res.destroyed) return;
    res.writeHead(200, {
      ...(reply.getHeaders() as Record<string, string>),
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache',
      Connection: 'keep-alive',
      // nginx and friends would otherwise hold the stream back in a buffer.
      'X-Accel-Buffering': 'no',
    });
    res.write(writer.role());
    keepAlive = setInterval(() => res.write(': keep-alive\n\n'), KEEP_ALIVE_MS);
    keepAlive.unref();
  };
  const openTimer = setTimeout(open, HEADERS_WAIT_MS);

  try {
    await run.read((part) => {
      if (part.kind === 'usage') {
        run.collected.reported = part;
        return true;
      }
      open();
      if (part.kind === 'delta') {
        run.collected.content += part.text;
        const out = run.guarded ? run.guarded.push('text', part.text) : part.text;
        if (out === null) return false;
        if (out) res.write(writer.content(out));
      } else if (part.kind === 'reasoning') {
        run.collected.reasoning += part.text;
        const out = run.guarded ? run.guarded.push('reasoning', part.text) : part.text;
        if (out === null) return false;
        if (out) res.write(writer.reasoning(out));
      }
      return true;
    });
    open();
    let filtered = false;
    if (run.guarded) {
      const rest = await run.guarded.finish();
      if (rest?.reasoning) res.write(writer.reasoning(rest.reasoning));
      if (rest?.text) res.write(writer.content(rest.text));
      filtered = rest === null;
      if (filtered) res.write(writer.content(run.guarded.replacement));
    }
    // Counted before the last chunks go out: a client that has its [DONE] sees itself counted.
    await run.book();
    const usage = run.usage();
    res.write(writer.finish(filtered ? 'content_filter' : finishReason(job.options, usage)));
    if (includeUsage) res.write(writer.usage(usage));
    res.end(ChunkWriter.done);
  } catch (err) {
    const reason: unknown = run.controller.signal.reason;
    if (reason instanceof ClientGone) {
      if (!opened) reply.hijack();
      return;
    }
    const known = stoppedError(reason) ?? toOpenAiError(err);
    if (!known) job.ctx.log.error({ err }, '/v1 completion stream failed');
    const error = known ?? internalError();
    // Before the 200: a real HTTP error. After it: OpenAI's error event (the SDK throws an APIError).
    if (!opened) throw error;
    res.end(ChunkWriter.error(error.body()));
  } finally {
    clearTimeout(openTimer);
    clearInterval(keepAlive);
    run.dispose();
    void run.book();
  }
}
