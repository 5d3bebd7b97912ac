/**
 * Bad input on every route: malformed JSON, a JSON array, the wrong content type, wrong types
 * and missing fields (derived from each route's own zod schema), a body past the route's limit,
 * odd unicode (lone surrogates, RTL override, NUL, BOM, combining marks) in every text field,
 * in path parameters and wildcards, bad query values, a bodiless DELETE and a body on GET.
 * Never a 5xx; refused input is a 4xx with an error code and leaves every table as it was.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { routeTable, type RouteInfo } from '#server/security/index';
import { CALLERS, errorCode, isStaticFileRoute, startWorld, type Caller, type World } from './matrix-support';
import { routeMatrix, type MatrixEntry } from './route-matrix';
import { isStringField, isZod, objectShape, wrongQueryValueFor, wrongValueFor } from './schema-probe';

/** The app-wide body limit (server/app.ts), for routes that keep it. */
const APP_BODY_LIMIT = 8 * 1024 * 1024;
const ODD_STRINGS = [
  '\ud800',
  '\udfff lone low',
  '\u202eevil.exe\u202c',
  'nul\u0000byte',
  '\ufeffbom',
  'e\u0301\u0301\u0301\u0301',
  '\u0000',
  '👩‍👩‍👧‍👦 family',
];
const ODD_PARAMS = [
  '%00',
  '%E2%80%AE',
  '%ED%A0%80',
  '%FF',
  '%C0%AF',
  'x'.repeat(3000),
  '..%2F..%2Fetc%2Fpasswd',
  '%F0%9F%98%80',
];
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE', 'QUERY']);

let world: World;
beforeAll(async () => {
  world = await startWorld();
});
afterAll(async () => {
  await world?.close();
});

/** One bad request and what it must get. */
type Case = {
  name: string;
  url?: string;
  method?: string;
  payload?: string | Buffer;
  contentType?: string;
  /** The reply must be a 4xx (else: anything but a 5xx). */
  refuse: boolean;
  /** The refusal must name this field (or a path under it). */
  field?: string;
  status?: number;
};

/** Who calls: someone the route lets through, so the input (not the caller) is what is judged. */
function callerFor(entry: MatrixEntry): Caller {
  const ok = (['member', 'admin', 'other', 'anon'] as const).find((c) => entry.expect[c] < 400);
  return ok ?? 'member';
}

const fieldOf = (res: LightMyRequestResponse): string | null => {
  try {
    const e = res.json<{ error?: { field?: unknown; param?: unknown } }>().error;
    const f = e?.field ?? e?.param;
    return typeof f === 'string' ? f : null;
  } catch {
    return null;
  }
};

/** Every bad request to try on `route`, given a valid path and body for it. */
function casesFor(route: RouteInfo, path: string, validBody: unknown): Case[] {
  const cases: Case[] = [];
  const schema = (route.schema ?? {}) as { body?: unknown; querystring?: unknown };
  const body = isZod(schema.body) ? schema.body : null;
  const shape = body ? objectShape(body) : null;
  const valid =
    validBody && typeof validBody === 'object' && !Array.isArray(validBody)
      ? (validBody as Record<string, unknown>)
      : {};
  const json = (value: unknown) => JSON.stringify(value);

  if (BODY_METHODS.has(route.method)) {
    cases.push({ name: 'malformed JSON', payload: '{"content": "half', contentType: 'application/json', refuse: true });
    cases.push({
      name: 'truncated JSON string',
      payload: '{"a":"\\ud83',
      contentType: 'application/json',
      refuse: true,
    });
    const limit = route.bodyLimit ?? APP_BODY_LIMIT;
    cases.push({
      name: `body past the ${limit}-byte limit`,
      payload: hugeBody(limit + 1024),
      contentType: 'application/json',
      refuse: true,
      status: 413,
    });
    cases.push({
      name: 'a JSON array',
      payload: '[1,2,3]',
      contentType: 'application/json',
      refuse: body !== null && !body.safeParse([1, 2, 3]).success,
    });
    cases.push({
      name: 'wrong content type',
      payload: 'plain words',
      contentType: 'text/plain',
      refuse: shape !== null,
    });
    if (body && !body.safeParse({}).success)
      cases.push({ name: 'missing fields', payload: '{}', contentType: 'application/json', refuse: true });
    if (body && !body.safeParse(undefined).success) cases.push({ name: 'no body at all', refuse: true });
    if (shape && body) {
      for (const key of Object.keys(shape)) {
        const wrong = wrongValueFor(body, valid, key);
        if (wrong)
          cases.push({
            name: `wrong type for ${key}: ${json(wrong.value)}`,
            payload: json({ ...valid, [key]: wrong.value }),
            contentType: 'application/json',
            refuse: true,
            field: key,
          });
      }
    }
  }
  if (isZod(schema.querystring)) {
    const q = objectShape(schema.querystring) ?? {};
    for (const key of Object.keys(q)) {
      const wrong = wrongQueryValueFor(schema.querystring, key);
      if (wrong !== undefined)
        cases.push({
          name: `bad query ${key}`,
          url: `${path.split('?')[0]}?${key}=${encodeURIComponent(wrong)}`,
          refuse: true,
          field: key,
        });
    }
    cases.push({
      name: 'odd query bytes',
      url: `${path.split('?')[0]}?limit=%FF&cursor=%00&q=%ED%A0%80`,
      refuse: false,
    });
  }
  // The ones below may be accepted (odd but valid text), so they come last.
  if (shape && BODY_METHODS.has(route.method)) {
    for (const [key, field] of Object.entries(shape)) {
      if (!isStringField(field)) continue;
      for (const odd of ODD_STRINGS)
        cases.push({
          name: `odd unicode in ${key}: ${json(odd)}`,
          payload: json({ ...valid, [key]: odd }),
          contentType: 'application/json',
          refuse: false,
        });
    }
  }
  const params = route.url.match(/:[A-Za-z]+/g) ?? [];
  for (const odd of ODD_PARAMS) {
    if (params.length > 0) {
      cases.push({
        name: `odd path parameter ${odd.slice(0, 20)}`,
        url: params.reduce((u, p) => u.replace(p, odd), route.url),
        payload: validBody === undefined ? undefined : json(validBody),
        contentType: validBody === undefined ? undefined : 'application/json',
        refuse: false,
      });
    } else if (route.url.endsWith('*')) {
      cases.push({ name: `odd wildcard ${odd.slice(0, 20)}`, url: `${route.url.slice(0, -1)}${odd}`, refuse: false });
    }
  }
  if (route.method === 'GET')
    cases.push({ name: 'a body on GET', payload: '{"a":1}', contentType: 'application/json', refuse: false });
  if (route.method === 'DELETE') {
    cases.push({
      name: 'bodiless DELETE with a JSON content type',
      payload: '',
      contentType: 'application/json',
      refuse: false,
    });
    cases.push({ name: 'bodiless DELETE', refuse: false });
  }
  return cases;
}

const hugeCache = new Map<number, Buffer>();
function hugeBody(size: number): Buffer {
  let buffer = hugeCache.get(size);
  if (!buffer) {
    buffer = Buffer.alloc(size, 'a');
    buffer.write('{"content":"', 0);
    buffer.write('"}', size - 2);
    hugeCache.set(size, buffer);
  }
  return buffer;
}

/** The routes to check: every route but HEAD twins and the web app's files. */
const routesToCheck = () => routeTable(world.t.app).filter((r) => r.method !== 'HEAD' && !isStaticFileRoute(r.url));

describe('bad input', () => {
  it('covers every route (each is in the route matrix)', () => {
    expect(
      routesToCheck()
        .filter((r) => !routeMatrix[`${r.method} ${r.url}`])
        .map((r) => `${r.method} ${r.url}`),
    ).toEqual([]);
    expect(CALLERS).toContain('member');
  });

  it.each(Object.keys(routeMatrix))('%s: never a 5xx, refusals are 4xx with a code and write nothing', async (key) => {
    const route = routesToCheck().find((r) => `${r.method} ${r.url}` === key);
    if (!route) return; // a stale entry: authorization.test.ts reports it
    const entry = routeMatrix[key]!;
    const caller = callerFor(entry);
    const failures: string[] = [];
    // Made once to learn a valid path and body; each case gets fresh fixtures of its own.
    const probe = world.newScope();
    const samplePath = entry.path ? await entry.path(probe) : route.url;
    const sampleBody = entry.body ? await entry.body(probe) : undefined;
    for (const c of casesFor(route, samplePath, sampleBody)) {
      const scope = world.newScope();
      await entry.prepare?.(scope);
      const path = c.url ?? (entry.path ? await entry.path(scope) : route.url);
      const headers = {
        ...(await scope.headers(caller, entry.via)),
        ...entry.headers,
        ...(c.contentType ? { 'content-type': c.contentType } : {}),
      };
      const before = await world.rowCounts();
      const res = await world.t.app.inject({
        method: (c.method ?? route.method) as 'POST',
        url: path,
        headers,
        ...(c.payload !== undefined ? { payload: c.payload } : {}),
      });
      const what = `${c.name} → ${res.statusCode} ${res.body.slice(0, 160)}`;
      if (res.statusCode >= 500) failures.push(`5xx: ${what}`);
      else if (c.refuse && res.statusCode < 400) failures.push(`accepted: ${what}`);
      else if (c.status !== undefined && res.statusCode !== c.status) failures.push(`expected ${c.status}: ${what}`);
      if (res.statusCode >= 400 && res.statusCode < 500) {
        if (!errorCode(res)) failures.push(`no error code: ${what}`);
        if (c.field) {
          const field = fieldOf(res);
          if (
            res.statusCode !== 400 ||
            (field !== c.field && !field?.startsWith(`${c.field}.`) && !field?.startsWith(`${c.field}[`))
          ) {
            failures.push(`does not name ${c.field} (named ${field}): ${what}`);
          }
        }
        const after = await world.rowCounts();
        if (JSON.stringify(after) !== JSON.stringify(before))
          failures.push(`half-written: ${what}\n  ${JSON.stringify(before)}\n  ${JSON.stringify(after)}`);
      }
    }
    expect(failures).toEqual([]);
  });
});
