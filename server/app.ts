/**
 * Builds the Fastify instance: plugins, the error handler, the auth hook, every feature's
 * routes and the web app. Listening is main.ts's job, so tests can `inject()` into the same app.
 */
import Fastify, { type FastifyInstance, type FastifyError } from 'fastify';
import cookie from '@fastify/cookie';
import websocket from '@fastify/websocket';
import {
  hasZodFastifySchemaValidationErrors,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { ApiErrorBody } from '#common/errors';
import type { AppContext } from './context';
import { HttpError } from './errors';
import { registerAuthHook } from './auth/hook';
import { registerPacing } from './generation/pacing';
import { registerOpenApi } from './ops/openapi';
import { registerSecurity } from './security/index';
import { LARGE_BODY_LIMIT } from './security/route-config';
import { registerSecurityHeaders } from './security/headers';
import { frameworkErrors } from './security/framework-errors';
import { plainFieldSentence, ruleFacts, ruleOf } from './security/field-words';
import { loggableUrl } from './security/log-redaction';
import { authRoutes } from './auth/routes';
import { conversationRoutes } from './conversations/routes';
import { messageRoutes } from './conversations/message-routes';
import { exportRoutes } from './conversations/export-routes';
import { importRoutes } from './conversations/import-routes';
import { generationRoutes } from './generation/routes';
import { modelRoutes } from './providers/routes';
import { adminRoutes } from './admin/routes';
import { signupRoutes } from './accounts/signup-routes';
import { musicRoutes } from './tasks/music/routes';
import { taskRoutes } from './tasks/routes';
import { realtimeRoutes } from './realtime/routes';
import { messagingRoutes } from './messaging/routes';
import { gatewayRoutes } from './gateway/routes';
import { usageRoutes } from './safety/usage-routes';
import { familyRoutes } from './safety/family/routes';
import { opsRoutes } from './ops/routes';
import { webAppRoutes } from './ops/web-app';
import { registerCompression } from './ops/compression';
import { httpsServerFactory, tlsRoutes } from './ops/tls-routes';

/** Secrets and personal data never reach the logs. */
export const logRedactPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.currentPassword',
  '*.newPassword',
  '*.apiKey',
  '*.token',
];

export type BuildAppOptions = {
  /** Pino options, or false for no logging (tests; a test may pass a stream to read the log). */
  logger?: boolean | { level: string; stream?: { write: (line: string) => void } };
  /** Whose X-Forwarded-* headers to believe (config HEARTH_TRUST_PROXY); none by default. */
  trustProxy?: boolean | readonly string[];
  /** Creates the process's services once the app (and so its logger) exists. */
  buildContext: (app: FastifyInstance) => AppContext;
  /** Serve HTTPS with this key and certificate (HEARTH_TLS=auto) instead of plain HTTP. */
  https?: { key: string; cert: string };
};

/** Builds the whole app; `ctx` is created with the app's logger and decorated on it. */
export async function buildApp(options: BuildAppOptions) {
  const loggerOption = options.logger ?? false;
  const app = Fastify({
    logger:
      loggerOption === false
        ? false
        : {
            ...(loggerOption === true ? {} : loggerOption),
            redact: { paths: logRedactPaths, censor: '[redacted]' },
            // Query strings and some path segments carry secrets (setup token, invite links).
            serializers: {
              req: (req: { method: string; url: string; ip?: string }) => ({
                method: req.method,
                url: loggableUrl(req.url),
                ip: req.ip,
              }),
            },
          },
    // A pasted document fits; the per-message limit is checked by the route with a clear 413.
    bodyLimit: LARGE_BODY_LIMIT,
    frameworkErrors,
    trustProxy: typeof options.trustProxy === 'object' ? [...options.trustProxy] : (options.trustProxy ?? false),
    // An HTTPS server through the factory keeps the app's type the same as on plain HTTP.
    ...(options.https ? { serverFactory: httpsServerFactory(options.https) } : {}),
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  const ctx = options.buildContext(app);
  app.decorate('ctx', ctx);

  app.setErrorHandler<FastifyError | HttpError>((error, request, reply) => {
    const send = (status: number, body: ApiErrorBody, headers?: Record<string, string>) => {
      if (headers) void reply.headers(headers);
      return reply.status(status).send(body);
    };
    if (error instanceof HttpError) {
      return send(
        error.statusCode,
        {
          error: {
            code: error.code,
            message: error.message,
            ...(error.field ? { field: error.field } : {}),
            ...error.facts,
          },
        },
        error.headers,
      );
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const first = error.validation[0]!;
      const field = first.instancePath.replace(/^\//, '').replaceAll('/', '.');
      const where = error.validationContext === 'body' ? '' : `${error.validationContext ?? ''} `;
      const label = field ? `${where}${field}` : where.trim() || 'request';
      // A field a person types into (password, username) gets a plain sentence, no field name.
      const plain =
        error.validationContext === 'body' ? plainFieldSentence(field, first.message ?? 'is invalid') : null;
      return send(400, {
        error: {
          code: 'validation_failed',
          message: plain ?? `${label}: ${first.message}`,
          ...(field ? { field } : {}),
          ...(plain ? ruleFacts(field, ruleOf({ code: first.keyword, ...first.params })) : {}),
        },
      });
    }
    const status = error.statusCode;
    if (status === 429) {
      return send(429, { error: { code: 'rate_limited', message: error.message } });
    }
    if (typeof status === 'number' && status >= 400 && status < 500) {
      // Fastify's own client errors: malformed JSON, wrong content type, body too large…
      const code = status === 413 ? 'too_large' : status === 404 ? 'not_found' : 'validation_failed';
      return send(status, { error: { code, message: error.message } });
    }
    request.log.error({ err: error }, 'unhandled error');
    return send(500, { error: { code: 'internal_error', message: 'Something went wrong on the server.' } });
  });

  app.setNotFoundHandler((request, reply) =>
    reply
      .status(404)
      .send({ error: { code: 'not_found', message: `No route ${request.method} ${request.url.split('?')[0]}.` } }),
  );

  // First of the hooks: a paced request waits for its turn before any other work is done.
  registerPacing(app);
  await app.register(cookie);
  await registerSecurityHeaders(app);
  await registerCompression(app);
  await app.register(websocket, { options: { maxPayload: 64 * 1024 } });

  registerAuthHook(app, ctx);
  await registerOpenApi(app);
  await registerSecurity(app, ctx);

  const opts = { ctx };
  await app.register(authRoutes, opts);
  await app.register(modelRoutes, opts);
  await app.register(taskRoutes, opts);
  await app.register(musicRoutes, opts);
  await app.register(adminRoutes, opts);
  await app.register(signupRoutes, opts);
  await app.register(conversationRoutes, opts);
  await app.register(messageRoutes, opts);
  await app.register(exportRoutes, opts);
  await app.register(importRoutes, opts);
  await app.register(generationRoutes, opts);
  await app.register(realtimeRoutes, opts);
  await app.register(messagingRoutes, opts);
  await app.register(gatewayRoutes, opts);
  await app.register(usageRoutes, opts);
  await app.register(familyRoutes, opts);
  await app.register(opsRoutes, opts);
  await app.register(tlsRoutes, opts);
  await app.register(webAppRoutes, opts);

  return app;
}

declare module 'fastify' {
  // Module augmentation needs an interface.
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions
  interface FastifyInstance {
    ctx: AppContext;
  }
}

export type App = Awaited<ReturnType<typeof buildApp>>;
