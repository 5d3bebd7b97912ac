/**
 * The generated OpenAPI page: every route's zod schemas become its documentation, served at
 * /api/docs (Swagger UI, its assets served from this server — nothing from a CDN) and as JSON at
 * /api/docs/json. Registered before the routes so it sees them all.
 */
import type { FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';

/** Registers the OpenAPI document and its page. */
export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Hearth API',
        description:
          'The HTTP contract of Hearth, used by the web app, the terminal client and outside scripts. ' +
          'Browsers sign in with a session cookie and send X-CSRF-Token on state-changing requests; ' +
          'scripts use a personal API token as `Authorization: Bearer hearth_…`.',
        version: '1',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'hearth_session' },
          bearer: { type: 'http', scheme: 'bearer' },
        },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, {
    routePrefix: '/api/docs',
    staticCSP: false,
    uiConfig: { docExpansion: 'list', deepLinking: true },
  });
}
