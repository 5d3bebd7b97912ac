/**
 * Test support for the admin feature (imported by tests only): an admin and a member signed in
 * on a test app, and a short way to call a route as one of them.
 */
import type { LightMyRequestResponse } from 'fastify';
import type { App } from '#server/app';
import { signedInUser, type Session } from '#test/helpers';

/** A request as a signed-in browser (cookie + CSRF header), or anonymous when `as` is null. */
export function call(
  app: App,
  as: Session | null,
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  url: string,
  payload?: unknown,
): Promise<LightMyRequestResponse> {
  const headers = as ? { cookie: as.cookie, 'x-csrf-token': as.csrfToken } : {};
  return app.inject({ method, url, headers, ...(payload !== undefined ? { payload: payload as object } : {}) });
}

/** An admin and a member, both signed in. */
export async function adminAndMember(app: App): Promise<{ admin: Session; member: Session }> {
  const admin = await signedInUser(app, { role: 'admin' });
  const member = await signedInUser(app);
  return { admin, member };
}

/** Every admin route with a harmless valid body, for the 401/403 checks. */
export const ADMIN_ROUTES: { method: 'GET' | 'POST' | 'PATCH' | 'DELETE'; url: string; payload?: unknown }[] = [
  { method: 'GET', url: '/api/admin/users' },
  { method: 'POST', url: '/api/admin/users', payload: { username: 'newbie', password: 'a long enough pw 1' } },
  { method: 'GET', url: '/api/admin/users/X' },
  { method: 'GET', url: '/api/admin/users/X/summary' },
  { method: 'PATCH', url: '/api/admin/users/X', payload: { displayName: 'X' } },
  { method: 'DELETE', url: '/api/admin/users/X' },
  { method: 'GET', url: '/api/admin/connections' },
  {
    method: 'POST',
    url: '/api/admin/connections',
    payload: { name: 'n', provider: 'openai', baseUrl: 'http://127.0.0.1:9/v1' },
  },
  {
    method: 'POST',
    url: '/api/admin/connections/test',
    payload: { provider: 'openai', baseUrl: 'http://127.0.0.1:9/v1' },
  },
  { method: 'PATCH', url: '/api/admin/connections/X', payload: { name: 'n' } },
  { method: 'DELETE', url: '/api/admin/connections/X' },
  { method: 'POST', url: '/api/admin/connections/X/test' },
  { method: 'GET', url: '/api/admin/tasks' },
  { method: 'GET', url: '/api/admin/tasks/general' },
  { method: 'POST', url: '/api/admin/tasks', payload: { name: 'Homework' } },
  { method: 'PATCH', url: '/api/admin/tasks/general', payload: { enabled: false } },
  { method: 'DELETE', url: '/api/admin/tasks/music' },
  { method: 'GET', url: '/api/admin/audit' },
  { method: 'GET', url: '/api/admin/settings' },
  { method: 'PATCH', url: '/api/admin/settings', payload: { signupMode: 'invite' } },
  { method: 'GET', url: '/api/admin/invites' },
  { method: 'POST', url: '/api/admin/invites', payload: { expiresInHours: 24 } },
  { method: 'DELETE', url: '/api/admin/invites/X' },
  { method: 'GET', url: '/api/admin/first-run' },
  { method: 'PATCH', url: '/api/admin/first-run', payload: { dismissed: true } },
];
