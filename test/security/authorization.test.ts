/**
 * The authorization matrix, generated from the route table: every route of the built app × (no
 * session, member, other member, admin) answers the status test/security/route-matrix.ts gives,
 * and nothing of member's reaches anyone else. A route without an entry fails here.
 *
 * Then every route × an API token of each scope (member's `models` and `chat`, admin's `admin`):
 * the scopes a route declares (its `config.tokenScopes`) must be the ones its matrix entry
 * names, a token of an accepted scope answers as its owner's session would, and any other token
 * gets 403 `token_scope`. A new route declares no scope, so every token is refused there until
 * someone opens it on purpose.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routeTable } from '#server/security/index';
import {
  CALLERS,
  errorCode,
  isStaticFileRoute,
  MARKER,
  startWorld,
  TOKEN_CALLERS,
  type Caller,
  type Via,
  type World,
} from './matrix-support';
import { routeMatrix, type MatrixEntry } from './route-matrix';

let world: World;
beforeAll(async () => {
  world = await startWorld();
});
afterAll(async () => {
  await world?.close();
});

/** Every route as "METHOD url", HEAD twins of GET routes and the web app's files aside. */
function appRoutes(): string[] {
  return routeTable(world.t.app)
    .filter((r) => r.method !== 'HEAD' && !isStaticFileRoute(r.url))
    .map((r) => `${r.method} ${r.url}`);
}

async function run(route: string, entry: MatrixEntry, caller: Caller, via: Via | undefined = entry.via) {
  const scope = world.newScope();
  await entry.prepare?.(scope);
  const [method, url] = route.split(' ') as [string, string];
  const path = entry.path ? await entry.path(scope) : url;
  const body = entry.body ? await entry.body(scope) : undefined;
  const res = await scope.call(caller, method, path, body, via, entry.headers);
  return { res, scope, path };
}

/** The token scopes each route declares, by "METHOD url". */
function declaredScopes(): Map<string, string[]> {
  const declared = new Map<string, string[]>();
  for (const r of routeTable(world.t.app))
    declared.set(`${r.method} ${r.url}`, [...(r.facts.tokenScopes ?? [])].sort());
  return declared;
}

describe('the route table', () => {
  it('has a matrix entry for every route, and no entry for a route that does not exist', () => {
    const routes = appRoutes();
    expect(routes.length).toBeGreaterThan(40);
    const missing = routes.filter((r) => !(r in routeMatrix));
    expect(missing, 'routes with no entry in test/security/route-matrix.ts').toEqual([]);
    const stale = Object.keys(routeMatrix).filter((r) => !routes.includes(r));
    expect(stale, 'entries in test/security/route-matrix.ts for routes that do not exist').toEqual([]);
  });

  it('every route declares exactly the token scopes its matrix entry names', () => {
    const declared = declaredScopes();
    const wrong = Object.entries(routeMatrix)
      .filter(
        ([route, entry]) => JSON.stringify(declared.get(route)) !== JSON.stringify([...(entry.tokens ?? [])].sort()),
      )
      .map(
        ([route, entry]) =>
          `${route}: declares [${declared.get(route)?.join(', ')}], the matrix says [${(entry.tokens ?? []).join(', ')}]`,
      );
    expect(wrong).toEqual([]);
  });

  it("serves the web app's built files to anyone", async () => {
    const files = routeTable(world.t.app).filter((r) => r.method === 'GET' && isStaticFileRoute(r.url));
    for (const file of files) {
      const res = await world.newScope().call('anon', 'GET', file.url);
      expect(res.statusCode, file.url).toBe(200);
    }
  });
});

describe.each(Object.entries(routeMatrix))('%s', (route, entry) => {
  it.each(CALLERS)('as %s', async (caller) => {
    const { res, scope, path } = await run(route, entry, caller);
    const where = `${route} as ${caller} (${path}): ${res.statusCode} ${res.body.slice(0, 300)}`;
    expect(res.statusCode, where).toBe(entry.expect[caller]);
    if (res.statusCode >= 400) expect(errorCode(res), where).not.toBeNull();
    if (caller !== 'member' && !entry.mayReveal?.includes(caller)) {
      expect(res.body, `${where}\nleaks member's data`).not.toContain(MARKER);
      for (const id of await scope.memberIds()) {
        if (path.includes(id)) continue;
        expect(res.body, `${where}\nleaks member's id ${id}`).not.toContain(id);
      }
    }
  });
});

describe.each(Object.entries(routeMatrix))('%s with an API token', (route, entry) => {
  it.each(TOKEN_CALLERS.map((c) => [`${c.who}'s ${c.scope} token`, c] as const))(
    'as %s',
    async (_name, { who, scope: tokenScope }) => {
      // From the route itself, not the matrix: the test above pins the two together.
      const accepted = declaredScopes().get(route)?.includes(tokenScope) ?? false;
      const { res, scope, path } = await run(route, entry, who, { scope: tokenScope });
      const where = `${route} with ${who}'s ${tokenScope} token (${path}): ${res.statusCode} ${res.body.slice(0, 300)}`;
      if (!accepted) {
        expect(res.statusCode, where).toBe(403);
        expect(errorCode(res), where).toBe('token_scope');
      } else {
        expect(res.statusCode, where).toBe(entry.tokenStatus ?? entry.expect[who]);
        if (res.statusCode >= 400) expect(errorCode(res), where).not.toBeNull();
      }
      if (who !== 'member' && !entry.mayReveal?.includes(who)) {
        expect(res.body, `${where}\nleaks member's data`).not.toContain(MARKER);
        for (const id of await scope.memberIds()) {
          if (path.includes(id)) continue;
          expect(res.body, `${where}\nleaks member's id ${id}`).not.toContain(id);
        }
      }
    },
  );
});
