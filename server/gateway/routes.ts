/**
 * The OpenAI-compatible gateway: `GET /v1/models`, `GET /v1/models/{id}` and
 * `POST /v1/chat/completions` (streaming and not), for the official `openai` clients and tools
 * built on them, pointed at `http://<server>:8000/v1` with a personal API token.
 *
 * Only `Authorization: Bearer hearth_…` is accepted here, never the browser's session cookie:
 * /v1 is for programs, and a cookie would make every page the user visits able to spend their
 * quota. Every error, including the rate limiter's and bad JSON, is in OpenAI's format.
 */
import { gatewayTaskTools } from '#server/tasks/tool-registry';
import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { TokenScope, User } from '#common/auth';
import { ChatCompletion, ChatCompletionRequest, OpenAiErrorBody, OpenAiModel, OpenAiModelList } from '#common/gateway';
import type { AppContext, RouteOptions } from '#server/context';
import type { ChatTurn } from '#server/providers/types';
import { LARGE_BODY_LIMIT } from '#server/security/route-config';
import { completeOnce, streamCompletion } from './completion';
import { OpenAiError, invalidApiKey, modelNotFound, openAiErrorHandler } from './errors';
import { samplingOf, toTurns } from './messages';
import { allowedModels, MODELS_CREATED, resolveRequestedModel, toOpenAiModel } from './models';
import { applyTask, parseTaskModel, taskModels } from './tasks';
import { checkAiSend } from '#server/safety/family/gate';
import { ageBandInstruction } from '#server/safety/family/age-band';
import { checkGatewayInput } from './safety';
import { replyGuardFor } from '#server/safety/family/output-check';

const tags = ['OpenAI-compatible gateway'];
/**
 * Tokens that may call /v1: `models` (made for other apps) and `chat` (the terminal client's,
 * which may ask through the gateway too: it reaches the same models and more besides). An
 * `admin` token is for administration only.
 */
const GATEWAY_SCOPES: readonly TokenScope[] = ['models', 'chat'];
const errors = { 400: OpenAiErrorBody, 401: OpenAiErrorBody, 404: OpenAiErrorBody, 429: OpenAiErrorBody };

/** The API token's user; 401 in OpenAI's words for no token, a dead one, or a cookie session. */
function apiUser(request: FastifyRequest): User {
  const auth = request.auth;
  if (auth?.via === 'token') return auth.user;
  throw invalidApiKey(request.headers.authorization !== undefined);
}

/** A plain-model request of a supervised member with an age band: its locked instruction first. */
async function withAgeBand(ctx: AppContext, user: User, turns: ChatTurn[]): Promise<ChatTurn[]> {
  const instruction = await ageBandInstruction(ctx, user);
  return instruction ? [{ role: 'system', content: instruction }, ...turns] : turns;
}

export const gatewayRoutes: FastifyPluginAsyncZod<RouteOptions> = async (app, { ctx }) => {
  app.setErrorHandler(openAiErrorHandler);
  // Before the body is read or validated: OpenAI answers 401 first, and so do we.
  app.addHook('onRequest', async (request) => {
    apiUser(request);
  });
  // Streams in flight would otherwise hold the server open until the model finished.
  app.addHook('preClose', async () => ctx.apiRequests.stopAll());

  app.get(
    '/v1/models',
    {
      config: { tokenScopes: GATEWAY_SCOPES },
      schema: {
        tags,
        summary: 'The models your API token may use, in OpenAI format',
        response: { 200: OpenAiModelList, 401: OpenAiErrorBody },
      },
    },
    async (request) => {
      const user = apiUser(request);
      const models = await allowedModels(ctx, user);
      const tasks = await taskModels(ctx, user, MODELS_CREATED);
      return { object: 'list' as const, data: [...models.map(toOpenAiModel), ...tasks] };
    },
  );

  app.get(
    '/v1/models/*',
    {
      config: { tokenScopes: GATEWAY_SCOPES },
      schema: {
        tags,
        summary: 'One model, by its id (the slash in "<connectionId>/<name>" may be sent as %2F)',
        params: z.object({ '*': z.string().describe('The model id') }),
        response: { 200: OpenAiModel, ...errors },
      },
    },
    async (request) => {
      const user = apiUser(request);
      const id = request.params['*'];
      if (parseTaskModel(id)) {
        const task = (await taskModels(ctx, user, MODELS_CREATED)).find((m) => m.id === id);
        if (!task) throw modelNotFound(id);
        return task;
      }
      const models = await allowedModels(ctx, user);
      const model = models.find((m) => m.id === id) ?? (await allowedModels(ctx, user, true)).find((m) => m.id === id);
      if (!model) throw modelNotFound(id);
      return toOpenAiModel(model);
    },
  );

  app.post(
    '/v1/chat/completions',
    {
      bodyLimit: LARGE_BODY_LIMIT,
      config: { tokenScopes: GATEWAY_SCOPES, rateLimitClass: 'chat', paced: true },
      schema: {
        tags,
        summary:
          'A chat completion, in OpenAI format; with stream: true, Server-Sent Events of chat.completion.chunk objects ending in data: [DONE]',
        body: ChatCompletionRequest,
        response: { 200: ChatCompletion, ...errors, 413: OpenAiErrorBody, 502: OpenAiErrorBody, 503: OpenAiErrorBody },
      },
    },
    async (request, reply) => {
      const user = apiUser(request);
      const body = request.body;
      // Quiet hours and daily budgets of a supervised member, before anything is sent.
      await checkAiSend(ctx, user);
      const callerOptions = samplingOf(body);
      const callerTurns = toTurns(body.messages, ctx.config.maxMessageChars);
      const task = parseTaskModel(body.model);
      const planned = task
        ? await applyTask(ctx, user, body.model, task, callerTurns, callerOptions)
        : {
            resolved: await resolveRequestedModel(ctx, user, body.model),
            turns: await withAgeBand(ctx, user, callerTurns),
            options: callerOptions,
          };
      const { turns, options } = planned;
      // A task's tools (the Music library's query) run inside the provider on /v1.
      const resolved = task
        ? await gatewayTaskTools(ctx, user, `task:${task.taskId}`, planned.resolved)
        : planned.resolved;
      // A supervised member's words are checked before they go anywhere, and the reply while it streams.
      await checkGatewayInput(ctx, user, callerTurns);
      const guard = await replyGuardFor(ctx, user, { history: callerTurns });
      const job = { ctx, user, resolved, turns, options, guard };
      if (body.stream) {
        await streamCompletion(job, reply, body.stream_options?.include_usage === true);
        return reply;
      }
      const completion = await completeOnce(job, reply);
      return completion ?? reply;
    },
  );

  // Anything else under /v1: OpenAI's "unknown URL" answer, not the web app's.
  app.all('/v1/*', { config: { tokenScopes: GATEWAY_SCOPES }, schema: { hide: true } }, async (request) => {
    throw new OpenAiError(
      404,
      `Unknown request URL: ${request.method} ${request.url.split('?')[0]}.`,
      'invalid_request_error',
      'unknown_url',
    );
  });
};
