/**
 * A fake model server for tests and the benchmark: one node:http port that speaks both the
 * OpenAI-compatible API (`/v1/...`, as LM Studio, llama.cpp, vLLM and Ollama's /v1 do) and
 * Ollama's native API (`/api/...`), in the real wire formats (see wire.ts), with scripted
 * replies, delays and failures (see script.ts), and a record of every request including whether
 * the client hung up before the reply finished.
 *
 * Usage:
 *   const fake = await startFakeModelServer();
 *   fake.enqueue({ reply: 'Hi', tokenIntervalMs: 20 });          // the next chat request
 *   provider = createOpenAiProvider({ baseUrl: fake.openaiBaseUrl, ... });
 *   await fake.waitForClose(0);                                    // request 0's connection closed
 *   await fake.close();
 */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { ollamaCompletion, ollamaPlan, openAiCompletion, openAiPlan, replayPlan, type StreamPlan } from './plans';
import { DEFAULT_REPLY, type FakeScript } from './script';
import { ollamaErrorBody, openAiErrorBody } from './wire';

export { DEFAULT_REPLY, type FakeScript } from './script';
export type { ReasoningStyle, OpenAiFlavor } from './wire';

/** A model the fake lists (on both APIs). */
export type FakeModel = {
  name: string;
  contextLength?: number;
  family?: string;
  /** `/api/show` answers this error status for the model (it is still listed). */
  showStatus?: number;
};

/** One request the fake received. */
export type RecordedRequest = {
  index: number;
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  /** The parsed JSON body (undefined when there was none or it was not JSON). */
  body: Record<string, unknown> | undefined;
  /** `body.model`, when given. */
  model: string | undefined;
  openedAt: number;
  /** When the response ended or its connection closed (null while still open). */
  closedAt: number | null;
  /** True when the client closed the connection before the response finished. */
  closedByClient: boolean;
  /** True when the fake itself cut the connection (script `cutAfterTokens`). */
  cutByServer: boolean;
};

/** A script, or a function choosing one per request. */
export type ScriptSource = FakeScript | ((request: RecordedRequest) => FakeScript);

/** How the listing endpoints (`/v1/models`, `/api/tags`, `/api/show`) behave. */
export type ListingBehaviour = { delayMs?: number; status?: number };

export type FakeModelServerOptions = {
  models?: FakeModel[];
  script?: ScriptSource;
  /** Also answer LM Studio's `/api/v0/models` (with `max_context_length`). */
  lmStudio?: boolean;
  port?: number;
};

export type FakeModelServer = {
  url: string;
  /** `url + '/v1'`: the base URL for OpenAI-compatible clients. */
  openaiBaseUrl: string;
  /** `url`: the host for Ollama clients. */
  ollamaBaseUrl: string;
  requests: RecordedRequest[];
  /** The chat requests only (`/v1/chat/completions`, `/api/chat`), in order. */
  chatRequests(): RecordedRequest[];
  /** The default script for chat requests without a queued one. */
  setScript(script: ScriptSource): void;
  /** Scripts for the next chat requests, one each, before the default. */
  enqueue(...scripts: FakeScript[]): void;
  /**
   * Answers every chat request for `model` with `script` (a moderation model, see moderation.ts),
   * before and apart from the queue; null removes it.
   */
  setModelScript(model: string, script: ScriptSource | null): void;
  setModels(models: FakeModel[]): void;
  setListing(behaviour: ListingBehaviour): void;
  /** Resolves with request `index` once its response ended or its connection closed. */
  waitForClose(index: number, timeoutMs?: number): Promise<RecordedRequest>;
  /** Resolves once `count` requests have arrived. */
  waitForRequests(count: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
};

/** What the fake lists unless told otherwise: a plain model and a reasoning one. */
export const DEFAULT_FAKE_MODELS: FakeModel[] = [
  { name: 'fake-model', contextLength: 8192, family: 'llama' },
  { name: 'fake-reasoner', contextLength: 32768, family: 'qwen3' },
];

const JSON_TYPE = 'application/json; charset=utf-8';

/** Starts the fake on 127.0.0.1 (a free port unless `port` is given). */
export async function startFakeModelServer(options: FakeModelServerOptions = {}): Promise<FakeModelServer> {
  let models = options.models ?? DEFAULT_FAKE_MODELS;
  let defaultScript: ScriptSource = options.script ?? { reply: DEFAULT_REPLY };
  let listing: ListingBehaviour = {};
  const queue: FakeScript[] = [];
  const byModel = new Map<string, ScriptSource>();
  const requests: RecordedRequest[] = [];
  const closeWaiters = new Map<number, (() => void)[]>();
  const countWaiters: { count: number; resolve: () => void }[] = [];

  const markClosed = (rec: RecordedRequest, res: http.ServerResponse) => {
    rec.closedAt = Date.now();
    rec.closedByClient = !res.writableFinished && !rec.cutByServer;
    for (const resolve of closeWaiters.get(rec.index) ?? []) resolve();
    closeWaiters.delete(rec.index);
  };

  const server = http.createServer((req, res) => {
    const rec: RecordedRequest = {
      index: requests.length,
      method: req.method ?? 'GET',
      path: (req.url ?? '/').split('?')[0]!,
      headers: req.headers,
      body: undefined,
      model: undefined,
      openedAt: Date.now(),
      closedAt: null,
      closedByClient: false,
      cutByServer: false,
    };
    requests.push(rec);
    for (let i = countWaiters.length - 1; i >= 0; i--) {
      if (requests.length >= countWaiters[i]!.count) countWaiters.splice(i, 1)[0]!.resolve();
    }
    res.on('close', () => markClosed(rec, res));
    const parts: Buffer[] = [];
    req.on('data', (b: Buffer) => parts.push(b));
    req.on('end', () => {
      if (parts.length > 0) {
        try {
          const parsed: unknown = JSON.parse(Buffer.concat(parts).toString('utf8'));
          if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
            rec.body = parsed as Record<string, unknown>;
        } catch {
          // not JSON: routes that need a body answer 400 below
        }
      }
      rec.model = typeof rec.body?.model === 'string' ? rec.body.model : undefined;
      route(rec, res);
    });
  });
  server.on('connection', (socket: Socket) => socket.setNoDelay(true));

  const pickScript = (rec: RecordedRequest): FakeScript => {
    const own = rec.model !== undefined ? byModel.get(rec.model) : undefined;
    if (own) return typeof own === 'function' ? own(rec) : own;
    return queue.shift() ?? (typeof defaultScript === 'function' ? defaultScript(rec) : defaultScript);
  };

  function route(rec: RecordedRequest, res: http.ServerResponse): void {
    const key = `${rec.method} ${rec.path}`;
    switch (key) {
      case 'GET /v1/models':
        return listingReply(res, 'openai', () => openAiModelList(models));
      case 'GET /api/v0/models':
        if (!options.lmStudio) break;
        return listingReply(res, 'openai', () => lmStudioModelList(models));
      case 'GET /api/tags':
        return listingReply(res, 'ollama', () => ollamaTags(models));
      case 'POST /api/show': {
        const name = typeof rec.body?.model === 'string' ? rec.body.model : (rec.body?.name as string | undefined);
        const model = models.find((m) => m.name === name);
        if (!model) return sendJson(res, 404, ollamaErrorBody(`model '${name ?? ''}' not found`));
        if (model.showStatus)
          return sendJson(res, model.showStatus, ollamaErrorBody(`fake show failure for ${model.name}`));
        return listingReply(res, 'ollama', () => ollamaShow(model));
      }
      case 'GET /api/version':
        return sendJson(res, 200, '{"version":"0.12.6"}');
      case 'POST /v1/chat/completions':
        return chat(rec, res, 'openai');
      case 'POST /api/chat':
        return chat(rec, res, 'ollama');
      default:
        break;
    }
    if (rec.path.startsWith('/v1/')) {
      return sendJson(
        res,
        404,
        openAiErrorBody(`Unknown request URL: ${rec.method} ${rec.path}.`, 'invalid_request_error', 'unknown_url'),
      );
    }
    res.writeHead(404, { 'content-type': 'text/plain' }).end('404 page not found');
  }

  function listingReply(res: http.ServerResponse, api: 'openai' | 'ollama', body: () => string): void {
    const send = () => {
      if (listing.status && listing.status >= 400) {
        const message = `fake listing failure (${listing.status})`;
        return sendJson(
          res,
          listing.status,
          api === 'openai' ? openAiErrorBody(message, 'server_error', null) : ollamaErrorBody(message),
        );
      }
      sendJson(res, 200, body());
    };
    if (listing.delayMs) later(res, listing.delayMs, send);
    else send();
  }

  function chat(rec: RecordedRequest, res: http.ServerResponse, api: 'openai' | 'ollama'): void {
    const script = pickScript(rec);
    const body = rec.body;
    const errorBody = (message: string, type: string, code: string | null) =>
      api === 'openai' ? openAiErrorBody(message, type, code) : ollamaErrorBody(message);
    const respond = () => {
      if (!body) return sendJson(res, 400, errorBody('Invalid JSON body.', 'invalid_request_error', null));
      if (script.status && script.status >= 400) {
        const message = script.errorMessage ?? `fake server error (${script.status})`;
        return sendJson(
          res,
          script.status,
          errorBody(message, script.status >= 500 ? 'server_error' : 'invalid_request_error', null),
        );
      }
      const model = rec.model ?? '';
      if (!script.replay && !models.some((m) => m.name === model)) {
        return api === 'openai'
          ? sendJson(
              res,
              404,
              openAiErrorBody(
                `The model \`${model}\` does not exist or you do not have access to it.`,
                'invalid_request_error',
                'model_not_found',
              ),
            )
          : sendJson(res, 404, ollamaErrorBody(`model "${model}" not found, try pulling it first`));
      }
      // Ollama's native API streams unless told not to; the OpenAI API only when asked.
      const streaming = api === 'ollama' ? body.stream !== false : body.stream === true;
      if (!streaming) {
        if (script.cutAfterTokens !== undefined) return cut(rec, res);
        if (script.errorAfterTokens !== undefined) {
          return sendJson(
            res,
            500,
            errorBody(script.errorMessage ?? 'fake mid-generation failure', 'server_error', null),
          );
        }
        return sendJson(
          res,
          200,
          api === 'openai' ? openAiCompletion(script, model, body) : ollamaCompletion(script, model, body),
        );
      }
      const plan = script.replay
        ? replayPlan({ ...script, replay: script.replay })
        : api === 'openai'
          ? openAiPlan(script, model, body)
          : ollamaPlan(script, model, body);
      runStream(rec, res, plan, script);
    };
    if (script.headersDelayMs) later(res, script.headersDelayMs, respond);
    else respond();
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;

  return {
    url,
    openaiBaseUrl: `${url}/v1`,
    ollamaBaseUrl: url,
    requests,
    chatRequests: () => requests.filter((r) => r.path === '/v1/chat/completions' || r.path === '/api/chat'),
    setScript: (script) => {
      defaultScript = script;
    },
    enqueue: (...scripts) => {
      queue.push(...scripts);
    },
    setModelScript: (model, script) => {
      if (script) byModel.set(model, script);
      else byModel.delete(model);
    },
    setModels: (next) => {
      models = next;
    },
    setListing: (behaviour) => {
      listing = behaviour;
    },
    waitForClose: (index, timeoutMs = 2000) =>
      new Promise<RecordedRequest>((resolve, reject) => {
        const rec = requests[index];
        if (rec && rec.closedAt !== null) return resolve(rec);
        const timer = setTimeout(
          () => reject(new Error(`fake model server: request ${index} still open after ${timeoutMs} ms`)),
          timeoutMs,
        );
        const list = closeWaiters.get(index) ?? [];
        list.push(() => {
          clearTimeout(timer);
          resolve(requests[index]!);
        });
        closeWaiters.set(index, list);
      }),
    waitForRequests: (count, timeoutMs = 2000) =>
      new Promise<void>((resolve, reject) => {
        if (requests.length >= count) return resolve();
        const timer = setTimeout(
          () => reject(new Error(`fake model server: ${requests.length} of ${count} requests after ${timeoutMs} ms`)),
          timeoutMs,
        );
        countWaiters.push({ count, resolve: () => (clearTimeout(timer), resolve()) });
      }),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Runs `fn` after `ms` unless the connection closes first. */
function later(res: http.ServerResponse, ms: number, fn: () => void): void {
  const timer = setTimeout(fn, ms);
  res.once('close', () => clearTimeout(timer));
}

function sendJson(res: http.ServerResponse, status: number, body: string): void {
  if (res.destroyed) return;
  res.writeHead(status, { 'content-type': JSON_TYPE, 'content-length': Buffer.byteLength(body) }).end(body);
}

/** Closes the connection without finishing the response (after flushing what was written). */
function cut(rec: RecordedRequest, res: http.ServerResponse): void {
  rec.cutByServer = true;
  const socket = res.socket;
  if (!socket) return;
  // end() sends what is queued, then FIN: the client sees the body stop mid-way.
  socket.end();
  setTimeout(() => socket.destroy(), 1000).unref();
}

/**
 * Writes a streaming reply: headers, `pre`, then tokens on one setTimeout chain per stream
 * (no interval timers), then `post` — or a cut / error event where the script says.
 */
function runStream(rec: RecordedRequest, res: http.ServerResponse, plan: StreamPlan, script: FakeScript): void {
  res.writeHead(200, { 'content-type': plan.contentType, 'cache-control': 'no-cache', connection: 'keep-alive' });
  res.flushHeaders();
  if (plan.pre) res.write(plan.pre);
  const interval = script.tokenIntervalMs ?? 0;
  const cutAt = script.cutAfterTokens ?? -1;
  const errorAt = script.errorAfterTokens ?? -1;
  let i = 0;
  let timer: NodeJS.Timeout | undefined;
  res.once('close', () => clearTimeout(timer));
  // Token i is due at start + first + i * interval: scheduling against the clock, not after the
  // previous timer, keeps the token rate when the event loop is busy (100 streams at once).
  const start = Date.now() + (script.firstTokenDelayMs ?? 0);

  const step = () => {
    timer = undefined;
    for (;;) {
      if (res.destroyed) return;
      if (i === cutAt) return cut(rec, res);
      if (i === errorAt) {
        res.end(plan.error(script.errorMessage ?? 'fake mid-stream failure'));
        return;
      }
      if (i === plan.tokenCount) {
        res.end(plan.post());
        return;
      }
      const wait = start + i * interval - Date.now();
      if (wait > 0) {
        timer = setTimeout(step, wait);
        return;
      }
      res.write(plan.token(i++));
    }
  };
  step();
}

function openAiModelList(models: FakeModel[]): string {
  const created = 1_700_000_000;
  return JSON.stringify({
    object: 'list',
    data: models.map((m) => ({ id: m.name, object: 'model', created, owned_by: 'fake' })),
  });
}

/** LM Studio's richer listing (`/api/v0/models`). */
function lmStudioModelList(models: FakeModel[]): string {
  return JSON.stringify({
    object: 'list',
    data: models.map((m) => ({
      id: m.name,
      object: 'model',
      type: 'llm',
      publisher: 'fake',
      arch: m.family ?? 'llama',
      compatibility_type: 'gguf',
      quantization: 'Q4_K_M',
      state: 'not-loaded',
      ...(m.contextLength ? { max_context_length: m.contextLength } : {}),
    })),
  });
}

function ollamaTags(models: FakeModel[]): string {
  return JSON.stringify({
    models: models.map((m) => ({
      name: m.name,
      model: m.name,
      modified_at: '2025-08-20T13:40:00.000000Z',
      size: 815_319_791,
      digest: '8648f39daa8fbf5b18c7b4e6a8fb4990c692751d49917417b8842ca5758e7ffc',
      details: {
        parent_model: '',
        format: 'gguf',
        family: m.family ?? 'llama',
        families: [m.family ?? 'llama'],
        parameter_size: '999.89M',
        quantization_level: 'Q4_K_M',
      },
    })),
  });
}

function ollamaShow(model: FakeModel): string {
  const arch = model.family ?? 'llama';
  return JSON.stringify({
    license: '',
    modelfile: `FROM ${model.name}`,
    parameters: 'stop "<end_of_turn>"',
    template: '{{ .Prompt }}',
    details: {
      parent_model: '',
      format: 'gguf',
      family: arch,
      families: [arch],
      parameter_size: '999.89M',
      quantization_level: 'Q4_K_M',
    },
    model_info: {
      'general.architecture': arch,
      'general.parameter_count': 999_885_952,
      ...(model.contextLength ? { [`${arch}.context_length`]: model.contextLength } : {}),
      [`${arch}.embedding_length`]: 1152,
    },
    capabilities: ['completion'],
    modified_at: '2025-08-20T13:40:00.000000Z',
  });
}
