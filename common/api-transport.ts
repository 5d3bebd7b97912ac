/**
 * The transport under every Hearth API call: fetch with the session's CSRF token or an API
 * token, replies parsed with the `common/` schemas, failures as `ApiError`. Kept apart from the
 * endpoints so a client can carry only the endpoints it needs: the web app's sign-in page loads
 * `auth-endpoints.ts` on this, not every schema of the whole API (its first load is counted in bytes).
 */
import type { z } from 'zod';
import { ApiErrorBody, type ErrorCode, type FieldRule } from './errors';

/** Codes the client adds for failures that never reached (or made sense of) the server. */
export type ClientErrorCode = 'network_error' | 'bad_response' | 'aborted';

/** An API failure: the server's error envelope, or a client-side failure. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    /** Stable code to switch on. */
    readonly code: ErrorCode | ClientErrorCode,
    message: string,
    /** HTTP status; 0 when the request never got an answer. */
    readonly status: number,
    /** Dotted path of the offending input field (400). */
    readonly field?: string,
    /** Seconds to wait, from `Retry-After` (429). */
    readonly retryAfter?: number,
    /** Facts the error object carries: `until` (quiet_hours), `resetAt` and `budget` (daily_limit_reached). */
    readonly facts: ApiErrorFacts = {},
  ) {
    super(message);
  }
}

/** The facts an API error may carry besides its code and message (API.md conventions). */
export type ApiErrorFacts = {
  until?: string;
  resetAt?: string;
  budget?: 'messages' | 'tokens';
  /** content_blocked: what kind of content the family-safety filter found. */
  category?: string;
  /** account_paused: the admin to ask. */
  admin?: string;
  /** validation_failed on a typed field: the rule it broke, and its number of characters. */
  rule?: FieldRule;
  limit?: number;
  /** too_large on an upload: the largest file, in MB. */
  limitMb?: number;
};

export type ApiClientOptions = {
  /** Origin (and optional prefix) of the server; '' (the default) means same origin. */
  baseUrl?: string;
  fetch?: typeof fetch;
  /** The session's CSRF token, sent as X-CSRF-Token on unsafe methods (cookie sessions). */
  getCsrfToken?: () => string | null | undefined;
  /** An API token for the CLI and scripts; requests then need no cookie and no CSRF token. */
  bearerToken?: string;
};

export type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
export type RequestOptions = {
  body?: unknown;
  /** A body that is JSON text already (a file's content), sent as it is. */
  rawJsonBody?: string;
  /** A file's bytes, sent as application/octet-stream (a Chinook catalogue). */
  fileBody?: Blob;
  query?: Record<string, string | number | undefined>;
  signal?: AbortSignal;
  accept?: string;
};

const statusCodes: Record<number, ErrorCode> = {
  400: 'validation_failed',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  413: 'too_large',
  429: 'rate_limited',
  502: 'model_unavailable',
  503: 'model_unavailable',
};

/** The seconds of a response's Retry-After header, when it gives a number. */
export function retryAfterOf(res: Response): number | undefined {
  const header = res.headers.get('retry-after');
  return header && /^\d+$/.test(header) ? Number(header) : undefined;
}

/**
 * The ApiError for an answer body in Hearth's error envelope, with every fact it carries; null
 * when `json` is not one (a proxy's page, an empty body).
 */
export function apiErrorFromBody(json: unknown, status: number, retryAfter?: number): ApiError | null {
  const parsed = ApiErrorBody.safeParse(json);
  if (!parsed.success) return null;
  const { code, message, field, until, resetAt, budget, category, admin, rule, limit, limitMb } = parsed.data.error;
  const facts: ApiErrorFacts = {};
  if (until) facts.until = until;
  if (resetAt) facts.resetAt = resetAt;
  if (budget) facts.budget = budget;
  if (category) facts.category = category;
  if (admin) facts.admin = admin;
  if (rule) facts.rule = rule;
  if (limit !== undefined) facts.limit = limit;
  if (limitMb !== undefined) facts.limitMb = limitMb;
  return new ApiError(code, message, status, field, retryAfter, facts);
}

/** Builds the ApiError for a non-2xx response from its envelope (or its status alone). */
async function errorFromResponse(res: Response): Promise<ApiError> {
  const retryAfter = retryAfterOf(res);
  const text = await res.text().catch(() => '');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const fromBody = apiErrorFromBody(json, res.status, retryAfter);
  if (fromBody) return fromBody;
  const code = statusCodes[res.status] ?? 'internal_error';
  return new ApiError(
    code,
    `The server answered ${res.status} ${res.statusText}`.trim() + '.',
    res.status,
    undefined,
    retryAfter,
  );
}

export const isAbort = (err: unknown) =>
  err instanceof Error && (err.name === 'AbortError' || err.name === 'TimeoutError');

/** Parses `data` with `schema`, or throws a `bad_response` ApiError naming what was wrong. */
export function parseReply<S extends z.ZodType>(schema: S, data: unknown, what: string): z.infer<S> {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
  throw new ApiError('bad_response', `Unexpected reply from ${what}${where}: ${issue?.message ?? 'invalid'}.`, 200);
}

/** Makes requests to one Hearth server; see ApiClientOptions. */
export function createTransport(options: ApiClientOptions) {
  const baseUrl = (options.baseUrl ?? '').replace(/\/+$/, '');
  const doFetch: typeof fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));

  async function send(method: Method, path: string, opts: RequestOptions = {}): Promise<Response> {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(opts.query ?? {})) if (v !== undefined && v !== '') params.set(k, String(v));
    const qs = params.toString() ? `?${params.toString()}` : '';
    const headers: Record<string, string> = { Accept: opts.accept ?? 'application/json' };
    if (opts.body !== undefined || opts.rawJsonBody !== undefined) headers['Content-Type'] = 'application/json';
    if (opts.fileBody !== undefined) headers['Content-Type'] = 'application/octet-stream';
    if (options.bearerToken) headers.Authorization = `Bearer ${options.bearerToken}`;
    if (method !== 'GET') {
      const csrf = options.getCsrfToken?.();
      if (csrf) headers['X-CSRF-Token'] = csrf;
    }
    let res: Response;
    try {
      res = await doFetch(`${baseUrl}${path}${qs}`, {
        method,
        headers,
        body: opts.fileBody ?? opts.rawJsonBody ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body)),
        signal: opts.signal,
        credentials: 'same-origin',
      });
    } catch (err) {
      if (opts.signal?.aborted || isAbort(err)) throw new ApiError('aborted', 'The request was cancelled.', 0);
      throw new ApiError('network_error', 'Could not reach the Hearth server.', 0);
    }
    if (!res.ok) throw await errorFromResponse(res);
    return res;
  }

  async function json<S extends z.ZodType>(schema: S, method: Method, path: string, opts?: RequestOptions) {
    const res = await send(method, path, opts);
    let data: unknown;
    try {
      data = await res.json();
    } catch {
      throw new ApiError('bad_response', `${method} ${path} did not answer JSON.`, res.status);
    }
    return parseReply(schema, data, `${method} ${path}`);
  }

  async function noContent(method: Method, path: string, opts?: RequestOptions): Promise<void> {
    const res = await send(method, path, opts);
    await res.body?.cancel();
  }

  return { baseUrl, send, json, noContent };
}

/** What the endpoint groups are built on. */
export type Transport = ReturnType<typeof createTransport>;
