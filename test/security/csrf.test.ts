/**
 * The CSRF matrix: every state-changing route, called with member's session cookie but without
 * (or with a wrong) X-CSRF-Token, answers 403 `csrf_failed` and changes nothing — except the
 * sign-in routes, which act with no session's authority and so need no token.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routeTable } from '#server/security/index';
import { errorCode, HOST, startWorld, type World } from './matrix-support';
import { routeMatrix } from './route-matrix';

/** Routes that sign someone in: exempt, since a browser may still hold an older session's cookie. */
const EXEMPT = new Set([
  'POST /api/auth/login',
  'POST /api/setup',
  'POST /api/auth/signup',
  'POST /api/auth/passkeys/login/options',
  'POST /api/auth/passkeys/login/verify',
]);
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

let world: World;
beforeAll(async () => {
  world = await startWorld();
});
afterAll(async () => {
  await world?.close();
});

/** Every unsafe route of the app, as "METHOD url". Read once the world exists. */
const unsafeRoutes = () => [
  ...new Set(
    routeTable(world.t.app)
      .filter((r) => !SAFE.has(r.method))
      .map((r) => `${r.method} ${r.url}`),
  ),
];

describe('CSRF', () => {
  it('the app has unsafe routes, and every one is in the route matrix', () => {
    const routes = unsafeRoutes();
    expect(routes.length).toBeGreaterThan(30);
    expect(routes.filter((r) => !(r in routeMatrix))).toEqual([]);
  });

  it('refuses every unsafe cookie request without the header, or with a wrong one, and writes nothing', async () => {
    const failures: string[] = [];
    for (const route of unsafeRoutes()) {
      const entry = routeMatrix[route]!;
      const [method, url] = route.split(' ') as [string, string];
      for (const header of [undefined, 'not-the-token']) {
        const scope = world.newScope();
        await entry.prepare?.(scope);
        const path = entry.path ? await entry.path(scope) : url;
        const body = entry.body ? await entry.body(scope) : undefined;
        const session = await scope.session('member');
        const before = await world.rowCounts();
        const res = await world.t.app.inject({
          method: method as 'POST',
          url: path,
          headers: {
            host: HOST,
            cookie: session.cookie,
            ...(header ? { 'x-csrf-token': header } : {}),
            ...entry.headers,
          },
          ...(body !== undefined ? { payload: body as object } : {}),
        });
        const refused = res.statusCode === 403 && errorCode(res) === 'csrf_failed';
        if (EXEMPT.has(route)) {
          if (refused) failures.push(`${route}: a sign-in route must not need the CSRF header`);
          continue;
        }
        if (!refused)
          failures.push(`${route} (header ${header ?? 'missing'}): ${res.statusCode} ${res.body.slice(0, 200)}`);
        else if (JSON.stringify(await world.rowCounts()) !== JSON.stringify(before))
          failures.push(`${route}: wrote to the database`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('lets the same requests through with the right header (the matrix proves they work)', async () => {
    const scope = world.newScope();
    const res = await scope.call('member', 'POST', '/api/auth/tokens', { name: 'with header' });
    expect(res.statusCode).toBe(201);
  });

  it('does not ask API-token callers for the header', async () => {
    const scope = world.newScope();
    const res = await world.t.app.inject({
      method: 'POST',
      url: '/api/conversations',
      headers: { host: HOST, authorization: `Bearer ${await scope.bearer('member', 'chat')}` },
      payload: { title: 'From a script' },
    });
    expect(res.statusCode).toBe(201);
  });
});
