/**
 * Every way a model server fails, as a ModelServerError whose message a family member
 * understands and that names the server and its address ("Could not reach Ollama at
 * http://127.0.0.1:11434 — is it running?"). The provider modules classify the SDKs' errors;
 * this module words them.
 */
import { ModelServerError, type ConnectionInfo } from './types';

/** The server's address as shown to people: no credentials, no trailing slash. */
export function displayUrl(baseUrl: string): string {
  try {
    const url = new URL(baseUrl);
    url.username = '';
    url.password = '';
    return url.toString().replace(/\/+$/, '');
  } catch {
    return baseUrl;
  }
}

/**
 * "Ollama" for a connection named "Ollama (127.0.0.1:11434)": the message adds the full address
 * anyway, so the host in parentheses would only repeat it.
 */
function label(connection: ConnectionInfo): string {
  return connection.name.replace(/\s*\([^()]*:\d+\)$/, '') || connection.name;
}

const where = (c: ConnectionInfo) => `${label(c)} at ${displayUrl(c.baseUrl)}`;
const seconds = (ms: number) => (ms % 1000 === 0 ? `${ms / 1000}` : (ms / 1000).toFixed(1));

/** Wording of each failure; each returns the error to throw. */
export const failures = {
  unreachable: (c: ConnectionInfo, cause?: unknown) =>
    new ModelServerError('unreachable', `Could not reach ${where(c)} — is it running?`, c.id, undefined, { cause }),

  connectTimeout: (c: ConnectionInfo, cause?: unknown) =>
    new ModelServerError(
      'timeout',
      `${where(c)} did not accept the connection in time — is that computer on and on the network?`,
      c.id,
      undefined,
      { cause },
    ),

  listingTimeout: (c: ConnectionInfo, cause?: unknown) =>
    new ModelServerError('timeout', `${where(c)} did not answer in time.`, c.id, undefined, { cause }),

  firstTokenTimeout: (c: ConnectionInfo, ms: number) =>
    new ModelServerError(
      'timeout',
      `${where(c)} did not start answering within ${seconds(ms)} seconds. The model may still be loading — try again in a moment.`,
      c.id,
    ),

  httpError: (c: ConnectionInfo, status: number, detail: string | undefined, cause?: unknown) =>
    new ModelServerError(
      'http_error',
      `${where(c)} answered with an error (HTTP ${status})${detail ? `: ${detail}` : '.'}`,
      c.id,
      status,
      { cause },
    ),

  unknownModel: (c: ConnectionInfo, model: string, cause?: unknown) =>
    new ModelServerError(
      'http_error',
      `${where(c)} does not have the model "${model}". It may have been removed or renamed.`,
      c.id,
      404,
      { cause },
    ),

  streamCut: (c: ConnectionInfo, cause?: unknown) =>
    new ModelServerError(
      'stream_cut',
      `${where(c)} stopped in the middle of the reply (the connection was cut). The part received so far is kept.`,
      c.id,
      undefined,
      { cause },
    ),

  streamError: (c: ConnectionInfo, detail: string, cause?: unknown) =>
    new ModelServerError(
      'http_error',
      `${where(c)} reported an error in the middle of the reply: ${detail}`,
      c.id,
      undefined,
      { cause },
    ),

  badResponse: (c: ConnectionInfo, cause?: unknown) =>
    new ModelServerError(
      'bad_response',
      `${where(c)} sent a reply Hearth could not read. Is it really an ${c.provider === 'ollama' ? 'Ollama' : 'OpenAI-compatible'} server?`,
      c.id,
      undefined,
      { cause },
    ),
};

/** Error codes (on `err.cause`, undici's style) that mean the server could not be reached. */
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EHOSTDOWN',
  'ECONNRESET',
  'EPIPE',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
]);

/** The `code` of an error or of any error in its `cause` chain. */
export function errorCodes(err: unknown): string[] {
  const codes: string[] = [];
  for (
    let e: unknown = err, depth = 0;
    e && typeof e === 'object' && depth < 6;
    e = (e as { cause?: unknown }).cause, depth++
  ) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') codes.push(code);
    // AggregateError (happy eyeballs tried several addresses): look at the first one.
    const inner = (e as { errors?: unknown[] }).errors;
    if (Array.isArray(inner) && inner.length > 0) codes.push(...errorCodes(inner[0]));
  }
  return codes;
}

/**
 * A failure before any reply arrived (fetch rejected): unreachable, connect timeout, or
 * something else (then `null`, and the caller decides).
 */
export function connectFailure(c: ConnectionInfo, err: unknown): ModelServerError | null {
  const codes = errorCodes(err);
  if (codes.includes('UND_ERR_CONNECT_TIMEOUT') || codes.includes('ETIMEDOUT')) return failures.connectTimeout(c, err);
  if (codes.some((code) => UNREACHABLE_CODES.has(code))) return failures.unreachable(c, err);
  if (err instanceof TypeError && /fetch failed/i.test(err.message)) return failures.unreachable(c, err);
  return null;
}

/** True when an error is an abort (DOMException AbortError/TimeoutError or an SDK's abort). */
export function isAbortLike(err: unknown): boolean {
  const name = (err as { name?: unknown } | null)?.name;
  return name === 'AbortError' || name === 'TimeoutError' || name === 'APIUserAbortError';
}

/** True when a "not found" answer is about the model (not a wrong URL). */
export function mentionsMissingModel(detail: string | undefined, code?: unknown): boolean {
  return (
    code === 'model_not_found' ||
    (/model/i.test(detail ?? '') && /not (be )?found|does not exist|no such|unknown/i.test(detail ?? ''))
  );
}
