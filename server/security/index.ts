/**
 * Cross-cutting protections registered once in app.ts, after the auth hook and before any
 * route: the common-password list (loaded now, so a missing file stops the start), the default
 * body limit, rate limits, and the route table the security tests walk. What differs per route
 * (a larger body, token scopes, CSRF, rate-limit class, pacing) is stated on the route itself
 * (security/route-config.ts).
 */
import type { FastifyInstance, RouteOptions } from 'fastify';
import type { AppContext } from '#server/context';
import { commonPasswords } from './common-passwords';
import { registerProxyCheck } from './proxy-check';
import { registerRateLimits } from './rate-limits';
import type { RouteFacts } from './route-config';

/**
 * Body limit of a route that does not set its own `bodyLimit`: JSON forms and settings are
 * small. Routes that take long text set LARGE_BODY_LIMIT (route-config.ts).
 */
export const DEFAULT_ROUTE_BODY_LIMIT = 1024 * 1024;

/** One registered route, as the security tests see it. */
export type RouteInfo = {
  method: string;
  url: string;
  /** The effective body limit in bytes (the app-wide one when undefined). */
  bodyLimit: number | undefined;
  /** The route's schema (zod objects for body, params, querystring), when it has one. */
  schema: RouteOptions['schema'];
  websocket: boolean;
  /** What the route states about itself: token scopes, CSRF, rate-limit class, pacing. */
  facts: RouteFacts;
};

/** Every route the app registered (HEAD twins included), in registration order. */
export function routeTable(app: FastifyInstance): readonly RouteInfo[] {
  if (!app.hasDecorator('routeTable')) throw new Error('routeTable: registerSecurity was not called on this app');
  return app.routeTable;
}

/** Registers the protections on the root app. */
export async function registerSecurity(app: FastifyInstance, ctx: AppContext): Promise<void> {
  commonPasswords();

  // Decorated on the app it describes: one table per app, no hidden map beside it.
  const table: RouteInfo[] = [];
  app.decorate('routeTable', table);
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    route.bodyLimit ??= DEFAULT_ROUTE_BODY_LIMIT;
    for (const method of methods) {
      table.push({
        method,
        url: route.url,
        bodyLimit: route.bodyLimit,
        schema: route.schema,
        websocket: route.websocket === true || route.wsHandler !== undefined,
        facts: route.config ?? {},
      });
    }
  });

  registerProxyCheck(app, ctx.proxyCheck);
  await registerRateLimits(app, ctx);
}

declare module 'fastify' {
  // Module augmentation needs an interface.
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions
  interface FastifyInstance {
    /** Read it through routeTable(app). */
    routeTable: RouteInfo[];
  }
}
