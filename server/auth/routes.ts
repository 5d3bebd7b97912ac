/**
 * Sign-in and the signed-in user's own account: login, logout, me, password change, settings,
 * personal API tokens; plus the one-time setup routes (./setup).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ALL_TOKEN_SCOPES,
  ApiTokenList,
  CreateApiTokenBody,
  CreatedApiToken,
  LoginBody,
  PasswordChangeBody,
  SessionReply,
  SettingsPatch,
  UserReply,
} from '#common/auth';
import type { RouteOptions } from '#server/context';
import {
  checkPassword,
  householdAdminName,
  setPassword,
  updateSettings,
  verifyCredentials,
} from '#server/accounts/service';
import { accountPaused, badRequest, invalidCredentials, rateLimited } from '#server/errors';
import { createApiToken, listApiTokens, revokeApiToken } from './api-tokens';
import { requireUser } from './guards';
import { endSession, endUserSessions } from './sessions';
import { setupRoutes } from './setup';
import { sessionRoutes } from './session-routes';
import { passkeyRoutes } from './passkey-routes';
import { clearSessionCookie, signIn } from './signin';
import { auditRequest } from '#server/safety/audit';
import { typedNameFingerprint } from './secrets';

const tags = ['auth'];

export const authRoutes: FastifyPluginAsyncZod<RouteOptions> = async (app, { ctx }) => {
  // The process's one (services.ts): each process (and each test app) counts its own failures.
  const throttle = ctx.loginThrottle;

  app.post(
    '/api/auth/login',
    {
      config: { csrf: false, rateLimitClass: 'signIn' },
      schema: { tags, summary: 'Sign in; sets the session cookie', body: LoginBody, response: { 200: SessionReply } },
    },
    async (request, reply) => {
      const username = request.body.username.toLowerCase();
      const wait = throttle.retryAfterSeconds(username, request.ip);
      if (wait > 0) throw rateLimited(wait, 'Too many failed sign-ins. Wait a while and try again.');
      const check = await verifyCredentials(ctx, username, request.body.password);
      if (!check.ok && check.reason === 'paused') {
        // The right password: not a guess, so not counted; the answer says whom to ask.
        await auditRequest(ctx, request, {
          action: 'auth.login_failed',
          actorId: null,
          target: check.userId,
          detail: { username, blocked: 'disabled' },
        });
        throw accountPaused(await householdAdminName(ctx));
      }
      if (!check.ok) {
        throttle.recordFailure(username, request.ip);
        await auditRequest(ctx, request, {
          action: 'auth.login_failed',
          actorId: null,
          target: check.userId,
          // What was typed for an unknown account may be a password in the wrong box: only a
          // fingerprint is kept, enough to see the same typo come back.
          detail: check.userId ? { username } : { unknownAccount: typedNameFingerprint(username) },
        });
        throw invalidCredentials();
      }
      const user = check.user;
      throttle.recordSuccess(username, request.ip);
      // A fresh token on every sign-in; the session the browser held before is over.
      if (request.auth?.via === 'session') await endSession(ctx, request.auth.user.id, request.auth.credentialId);
      await auditRequest(ctx, request, {
        action: 'auth.login',
        actorId: user.id,
        target: user.id,
        detail: { method: 'password' },
      });
      return signIn(ctx, request, reply, user);
    },
  );

  app.post(
    '/api/auth/logout',
    { schema: { tags, summary: 'Sign out; the session dies server-side' } },
    async (request, reply) => {
      if (request.auth?.via === 'session') {
        await endSession(ctx, request.auth.user.id, request.auth.credentialId);
        await auditRequest(ctx, request, { action: 'auth.logout', target: request.auth.user.id });
      }
      clearSessionCookie(request, reply);
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/auth/me',
    {
      config: { tokenScopes: ['chat', 'admin'] },
      schema: { tags, summary: 'The signed-in user and the CSRF token', response: { 200: SessionReply } },
    },
    async (request) => {
      const user = requireUser(request);
      // Bearer callers need no CSRF token.
      return { user, csrfToken: request.auth?.csrfToken ?? '' };
    },
  );

  app.post(
    '/api/auth/password',
    { schema: { tags, summary: 'Change your password; your other sessions end', body: PasswordChangeBody } },
    async (request, reply) => {
      const user = requireUser(request);
      const wait = throttle.retryAfterSeconds(user.username, request.ip);
      if (wait > 0) throw rateLimited(wait, 'Too many wrong passwords. Wait a while and try again.');
      if (!(await checkPassword(ctx, user.id, request.body.currentPassword))) {
        throttle.recordFailure(user.username, request.ip);
        throw badRequest('That is not your current password.', 'currentPassword');
      }
      await setPassword(ctx, user.id, request.body.newPassword, 'newPassword');
      const keep = request.auth?.via === 'session' ? request.auth.credentialId : undefined;
      const ended = await endUserSessions(ctx, user.id, keep);
      await auditRequest(ctx, request, {
        action: 'auth.password_changed',
        target: user.id,
        detail: { otherSessionsEnded: ended },
      });
      return reply.status(204).send();
    },
  );

  app.patch(
    '/api/me/settings',
    {
      schema: {
        tags,
        summary: 'Change your display name, theme, language or default model',
        body: SettingsPatch,
        response: { 200: UserReply },
      },
    },
    async (request) => {
      const user = requireUser(request);
      return { user: await updateSettings(ctx, user.id, request.body) };
    },
  );

  app.get(
    '/api/auth/tokens',
    { schema: { tags, summary: 'Your personal API tokens (never the secrets)', response: { 200: ApiTokenList } } },
    async (request) => ({ items: await listApiTokens(ctx, requireUser(request).id) }),
  );

  app.post(
    '/api/auth/tokens',
    {
      schema: {
        tags,
        summary: 'Create an API token; the secret is shown once',
        body: CreateApiTokenBody,
        response: { 201: CreatedApiToken },
      },
    },
    async (request, reply) => {
      const user = requireUser(request);
      const created = await createApiToken(ctx, user, request.body.name, request.body.scope);
      await auditRequest(ctx, request, {
        action: 'auth.token_created',
        target: created.id,
        detail: { name: created.name, scope: created.scope },
      });
      return reply.status(201).send(created);
    },
  );

  // Any token may end itself (`hearth logout`); a browser signs out with /api/auth/logout.
  app.delete(
    '/api/auth/tokens/current',
    {
      config: { tokenScopes: ALL_TOKEN_SCOPES },
      schema: { tags, summary: 'Revoke the API token this request is made with' },
    },
    async (request, reply) => {
      const user = requireUser(request);
      if (request.auth?.via !== 'token')
        throw badRequest('Only an API token can revoke itself. To sign out of the browser, use Sign out.');
      await revokeApiToken(ctx, user.id, request.auth.credentialId);
      await auditRequest(ctx, request, {
        action: 'auth.token_revoked',
        target: request.auth.credentialId,
        detail: { by: 'itself' },
      });
      return reply.status(204).send();
    },
  );

  app.delete(
    '/api/auth/tokens/:id',
    { schema: { tags, summary: 'Revoke one of your API tokens', params: z.object({ id: z.string().min(1).max(64) }) } },
    async (request, reply) => {
      await revokeApiToken(ctx, requireUser(request).id, request.params.id);
      await auditRequest(ctx, request, { action: 'auth.token_revoked', target: request.params.id });
      return reply.status(204).send();
    },
  );

  await app.register(setupRoutes, { ctx });
  await app.register(sessionRoutes, { ctx });
  await app.register(passkeyRoutes, { ctx });
};
