/**
 * Passkey routes: register / list / rename / remove (signed in), and usernameless sign-in
 * (signed out), which answers exactly like password sign-in: `{user, csrfToken}` + cookie.
 * Another user's passkey id answers 404.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { SessionReply } from '#common/auth';
import {
  PasskeyInfo,
  PasskeyList,
  PasskeyLoginBody,
  PasskeyOptionsReply,
  RegisteredPasskey,
  RegisterPasskeyBody,
  RenamePasskeyBody,
} from '#common/passkeys';
import type { RouteOptions } from '#server/context';
import { HttpError } from '#server/errors';
import { auditRequest } from '#server/safety/audit';
import { requireUser } from './guards';
import {
  listPasskeys,
  loginOptions,
  registerPasskey,
  registrationOptions,
  relyingParty,
  removePasskey,
  renamePasskey,
  verifyPasskeyLogin,
} from './passkeys';
import { endSession } from './sessions';
import { signIn } from './signin';

const tags = ['passkeys'];
const Params = z.object({ id: z.string().min(1).max(64).describe('Passkey id from GET /api/auth/passkeys') });
/** WebAuthn responses are a few KiB; nothing here needs more. */
const bodyLimit = 64 * 1024;

export const passkeyRoutes: FastifyPluginAsyncZod<RouteOptions> = async (app, { ctx }) => {
  app.get(
    '/api/auth/passkeys',
    { schema: { tags, summary: 'Your passkeys, newest first', response: { 200: PasskeyList } } },
    async (request) => ({ items: await listPasskeys(ctx, requireUser(request).id) }),
  );

  app.post(
    '/api/auth/passkeys/register/options',
    {
      bodyLimit,
      schema: {
        tags,
        summary: 'Start registering a passkey: options for navigator.credentials.create()',
        response: { 200: PasskeyOptionsReply },
      },
    },
    async (request) => {
      const user = requireUser(request);
      return { options: await registrationOptions(ctx, user, relyingParty(ctx, request)) };
    },
  );

  app.post(
    '/api/auth/passkeys/register/verify',
    {
      bodyLimit,
      schema: {
        tags,
        summary: 'Finish registering: the browser’s response, checked and stored',
        body: RegisterPasskeyBody,
        response: { 201: RegisteredPasskey },
      },
    },
    async (request, reply) => {
      const user = requireUser(request);
      const passkey = await registerPasskey(ctx, user, relyingParty(ctx, request), request.body);
      await auditRequest(ctx, request, {
        action: 'passkey.added',
        target: user.id,
        detail: { passkeyId: passkey.id, name: passkey.name },
      });
      return reply.status(201).send({ passkey });
    },
  );

  app.patch(
    '/api/auth/passkeys/:id',
    {
      bodyLimit,
      schema: {
        tags,
        summary: 'Rename one of your passkeys',
        params: Params,
        body: RenamePasskeyBody,
        response: { 200: PasskeyInfo },
      },
    },
    async (request) => renamePasskey(ctx, requireUser(request).id, request.params.id, request.body.name),
  );

  app.delete(
    '/api/auth/passkeys/:id',
    { schema: { tags, summary: 'Remove one of your passkeys', params: Params } },
    async (request, reply) => {
      const user = requireUser(request);
      await removePasskey(ctx, user.id, request.params.id);
      await auditRequest(ctx, request, {
        action: 'passkey.removed',
        target: user.id,
        detail: { passkeyId: request.params.id },
      });
      return reply.status(204).send();
    },
  );

  app.post(
    '/api/auth/passkeys/login/options',
    {
      config: { csrf: false, rateLimitClass: 'signIn' },
      bodyLimit,
      schema: {
        tags,
        summary: 'Start a passkey sign-in (no username): options for navigator.credentials.get()',
        response: { 200: PasskeyOptionsReply },
      },
    },
    async (request) => ({ options: await loginOptions(ctx, relyingParty(ctx, request)) }),
  );

  app.post(
    '/api/auth/passkeys/login/verify',
    {
      config: { csrf: false, rateLimitClass: 'signIn' },
      bodyLimit,
      schema: {
        tags,
        summary: 'Finish a passkey sign-in; sets the session cookie like password sign-in',
        body: PasskeyLoginBody,
        response: { 200: SessionReply },
      },
    },
    async (request, reply) => {
      let result;
      try {
        result = await verifyPasskeyLogin(ctx, relyingParty(ctx, request), request.body);
      } catch (err) {
        if (err instanceof HttpError && err.code === 'invalid_credentials') {
          await auditRequest(ctx, request, {
            action: 'auth.login_failed',
            actorId: null,
            detail: { method: 'passkey' },
          });
        }
        throw err;
      }
      // A fresh session on every sign-in; the one the browser held before is over.
      if (request.auth?.via === 'session') await endSession(ctx, request.auth.user.id, request.auth.credentialId);
      const session = await signIn(ctx, request, reply, result.user);
      await auditRequest(ctx, request, {
        action: 'auth.login',
        actorId: result.user.id,
        target: result.user.id,
        detail: { method: 'passkey', passkeyId: result.passkeyId },
      });
      return session;
    },
  );
};
