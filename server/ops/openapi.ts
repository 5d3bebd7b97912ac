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
          'scripts use a personal API token as `Authorization: Bearer hearth_…`. A token has a scope ' +
          '(`models`: only /v1; `chat`: the terminal client; `admin`: admin routes) and each route ' +
          'lists the scopes it accepts (`x-token-scopes`); any other token gets 403 `token_scope`.',
        version: '1',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'hearth_session' },
          bearer: { type: 'http', scheme: 'bearer' },
        },
      },
    },
    // Each route's accepted API token scopes (its config.tokenScopes) are part of its contract.
    transform: (args) => {
      const out = jsonSchemaTransform(args);
      const scopes = args.route.config?.tokenScopes ?? [];
      const note = scopes.length
        ? `API tokens: ${scopes.map((s) => `\`${s}\``).join(', ')}.`
        : 'API tokens: none (a browser session only).';
      const description = [out.schema.description, note].filter(Boolean).join('\n\n');
      return { ...out, schema: { ...out.schema, description, 'x-token-scopes': [...scopes] } };
    },
  });
  await app.register(swaggerUi, {
    routePrefix: '/api/docs',
    staticCSP: false,
    uiConfig: { docExpansion: 'list', deepLinking: true },
  });
}
