/**
 * Errors in OpenAI's format — `{"error": {"message", "type", "param", "code"}}` with OpenAI's
 * statuses — so the `openai` SDK raises the matching class (AuthenticationError, NotFoundError,
 * BadRequestError, RateLimitError, InternalServerError). Hearth's own errors (HttpError, zod
 * validation, Fastify's client errors, the rate limiter's 429) are translated here, for every
 * route under /v1.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import type { OpenAiErrorBody } from '#common/gateway';
import { HttpError } from '#server/errors';
import { ModelServerError } from '#server/providers/types';

/** An error answered in OpenAI's format. */
export class OpenAiError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    readonly type: string,
    readonly code: string | null,
    readonly param: string | null = null,
    readonly headers?: Record<string, string>,
    /** Hearth's facts for the client, inside the error object (`until`, `resetAt`). */
    readonly facts?: Readonly<Record<string, string | number>>,
  ) {
    super(message);
    this.name = 'OpenAiError';
  }

  /** The response body. */
  body(): OpenAiErrorBody {
    return { error: { message: this.message, type: this.type, param: this.param, code: this.code, ...this.facts } };
  }
}

/** 401: no API key, or one Hearth does not know (revoked, or its user disabled). */
export const invalidApiKey = (given: boolean) =>
  new OpenAiError(
    401,
    given
      ? 'Incorrect API key provided. Create a personal API token in Hearth under Settings → API tokens.'
      : "You didn't provide an API key. Send a Hearth personal API token as 'Authorization: Bearer hearth_…' (create one in Settings → API tokens).",
    'invalid_request_error',
    'invalid_api_key',
  );

/** 404: no such model, or not one this user may use (indistinguishable on purpose). */
export const modelNotFound = (model: string) =>
  new OpenAiError(
    404,
    `The model \`${model}\` does not exist or you do not have access to it.`,
    'invalid_request_error',
    'model_not_found',
    'model',
  );

/** 400: a parameter Hearth cannot honour or a malformed value. */
export const invalidRequest = (message: string, param: string | null = null, code: string | null = null) =>
  new OpenAiError(400, message, 'invalid_request_error', code, param);

/** 502/503 for a model server that failed or cannot be reached (503 when unreachable). */
export function modelServerFailed(err: ModelServerError): OpenAiError {
  // The model vanished from its server between the listing and this request.
  if (err.upstreamStatus === 404)
    return new OpenAiError(404, err.message, 'invalid_request_error', 'model_not_found', 'model');
  return new OpenAiError(err.failure === 'unreachable' ? 503 : 502, err.message, 'server_error', 'model_unavailable');
}

const TYPE_BY_STATUS: Record<number, string> = {
  401: 'invalid_request_error',
  403: 'invalid_request_error',
  429: 'requests',
};

/** "messages[0].content" from a JSON pointer like "/messages/0/content". */
export function paramFromPointer(pointer: string): string | null {
  const parts = pointer.split('/').filter(Boolean);
  if (parts.length === 0) return null;
  return parts.reduce((acc, p) => (/^\d+$/.test(p) ? `${acc}[${p}]` : acc ? `${acc}.${p}` : p), '');
}

/** Any error a /v1 route or hook may throw, as an OpenAiError. */
export function toOpenAiError(error: unknown): OpenAiError | null {
  if (error instanceof OpenAiError) return error;
  if (error instanceof ModelServerError) return modelServerFailed(error);
  if (error instanceof HttpError) {
    const retry = error.headers;
    // A daily budget keeps its own code (and resetAt): retrying soon will not help.
    if (error.code === 'daily_limit_reached')
      return new OpenAiError(429, error.message, 'requests', error.code, null, retry, error.facts);
    if (error.statusCode === 429)
      return new OpenAiError(429, error.message, 'requests', 'rate_limit_exceeded', null, retry);
    if (error.code === 'model_not_found')
      return new OpenAiError(404, error.message, 'invalid_request_error', 'model_not_found', 'model');
    const type =
      TYPE_BY_STATUS[error.statusCode] ?? (error.statusCode >= 500 ? 'server_error' : 'invalid_request_error');
    return new OpenAiError(error.statusCode, error.message, type, error.code, error.field ?? null, retry, error.facts);
  }
  const fastifyError = error as FastifyError;
  if (hasZodFastifySchemaValidationErrors(fastifyError)) {
    const first = fastifyError.validation[0]!;
    const param = paramFromPointer(first.instancePath);
    const where = fastifyError.validationContext === 'body' ? '' : `${fastifyError.validationContext ?? ''} `;
    return invalidRequest(`Invalid ${where}${param ?? 'request body'}: ${first.message}`, param);
  }
  const status = fastifyError.statusCode;
  if (status === 429) {
    // @fastify/rate-limit: its own error carries the wait in the message; Retry-After is already set.
    return new OpenAiError(
      429,
      fastifyError.message || 'Rate limit reached. Try again later.',
      'requests',
      'rate_limit_exceeded',
    );
  }
  if (typeof status === 'number' && status >= 400 && status < 500) {
    if (fastifyError.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error instanceof SyntaxError) {
      return invalidRequest(
        'We could not parse the JSON body of your request. Send valid JSON with Content-Type: application/json.',
      );
    }
    return new OpenAiError(status, fastifyError.message, 'invalid_request_error', status === 413 ? 'too_large' : null);
  }
  return null;
}

/** The error handler of every /v1 route: OpenAI's envelope, never Hearth's. */
export function openAiErrorHandler(error: unknown, request: FastifyRequest, reply: FastifyReply) {
  const known = toOpenAiError(error);
  if (!known) {
    request.log.error({ err: error }, 'unhandled error in /v1');
    return sendOpenAiError(
      reply,
      new OpenAiError(500, 'The server had an error while processing your request.', 'server_error', null),
    );
  }
  return sendOpenAiError(reply, known);
}

/** Sends an OpenAiError as the reply. */
export function sendOpenAiError(reply: FastifyReply, error: OpenAiError) {
  if (error.headers) void reply.headers(error.headers);
  return reply.status(error.statusCode).send(error.body());
}
