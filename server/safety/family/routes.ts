/**
 * The Family page's routes (`/api/family…`, a browser session only: no API token reaches a
 * child's controls or words) and `GET /api/me/supervision`. Thin: guard, call the service, reply.
 * A member who is not supervised, or not the caller's to see, is 404 on every route (audited).
 */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import { ConversationDetail, ConversationDetailQuery, ConversationPage } from '#common/conversations';
import {
  ExtraAllowanceBody,
  FamilyControlsPatch,
  FamilyEntry,
  FamilyReply,
  FamilyUsageQuery,
  FamilyUsageReply,
  FlagListQuery,
  FlagPage,
  SupervisionReply,
} from '#common/family';
import type { RouteOptions } from '#server/context';
import { requireUser } from '#server/auth/guards';
import type { FamilyCaller } from './access';
import { grantExtra, listFamily, updateControls } from './service';
import { childConversation, childConversations, childUsage, listChildFlags, mySupervision, reviewFlag } from './views';

const tags = ['family'];
const Child = z.object({ userId: z.string().min(1).max(128) });
const ChildFlag = Child.extend({ id: z.string().min(1).max(128) });
const ChildConversation = Child.extend({ id: z.string().min(1).max(64) });
const TranscriptListQuery = FlagListQuery.extend({
  archived: z.stringbool().default(false).describe('true lists the archived conversations instead'),
});

const callerOf = (request: FastifyRequest): FamilyCaller => ({ user: requireUser(request), ip: request.ip });

export const familyRoutes: FastifyPluginAsyncZod<RouteOptions> = async (app, { ctx }) => {
  app.get(
    '/api/family',
    {
      schema: {
        tags,
        summary: 'The supervised members you look after (admins: every supervised member)',
        response: { 200: FamilyReply },
      },
    },
    async (request) => listFamily(ctx, callerOf(request)),
  );

  app.patch(
    '/api/family/:userId',
    {
      schema: {
        tags,
        summary: "Change a supervised member's controls; effective at once on every client",
        description:
          'A guardian of the member or an admin. Only a guardian can turn `fullTranscripts` on (an admin gets 403 ' +
          '`guardian_only`). `null` clears a limit. A member who is not supervised, or not yours, is 404.',
        params: Child,
        body: FamilyControlsPatch,
        response: { 200: FamilyEntry },
      },
    },
    async (request) => updateControls(ctx, callerOf(request), request.params.userId, request.body),
  );

  app.post(
    '/api/family/:userId/extra',
    {
      schema: {
        tags,
        summary: 'More messages and/or tokens for today only (the household day)',
        params: Child,
        body: ExtraAllowanceBody,
        response: { 200: FamilyEntry },
      },
    },
    async (request) => grantExtra(ctx, callerOf(request), request.params.userId, request.body),
  );

  app.get(
    '/api/family/:userId/flags',
    {
      schema: {
        tags,
        summary: "What the content filter stopped: the member's own message or the assistant's reply to them",
        description: 'Guardians only, newest first. Never anyone else’s people-chat words.',
        params: Child,
        querystring: FlagListQuery,
        response: { 200: FlagPage },
      },
    },
    async (request) => listChildFlags(ctx, callerOf(request), request.params.userId, request.query),
  );

  app.post(
    '/api/family/:userId/flags/:id/review',
    { schema: { tags, summary: 'Mark a flag reviewed (guardians only)', params: ChildFlag } },
    async (request, reply) => {
      await reviewFlag(ctx, callerOf(request), request.params.userId, request.params.id);
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/family/:userId/usage',
    {
      schema: {
        tags,
        summary: 'Messages and tokens per day, and an hour-of-day chart of messages (counts only)',
        params: Child,
        querystring: FamilyUsageQuery,
        response: { 200: FamilyUsageReply },
      },
    },
    async (request) => childUsage(ctx, callerOf(request), request.params.userId, request.query.days),
  );

  app.get(
    '/api/family/:userId/conversations',
    {
      schema: {
        tags,
        summary: "The member's AI conversations: guardians only, and only while full transcripts are on",
        params: Child,
        querystring: TranscriptListQuery,
        response: { 200: ConversationPage },
      },
    },
    async (request) => childConversations(ctx, callerOf(request), request.params.userId, request.query),
  );

  app.get(
    '/api/family/:userId/conversations/:id',
    {
      schema: {
        tags,
        summary: 'One of the member’s AI conversations with its messages (full transcripts only; audited)',
        params: ChildConversation,
        querystring: ConversationDetailQuery,
        response: { 200: ConversationDetail },
      },
    },
    async (request) =>
      childConversation(ctx, callerOf(request), request.params.userId, request.params.id, request.query),
  );

  app.get(
    '/api/me/supervision',
    {
      config: { tokenScopes: ['chat'] },
      schema: {
        tags,
        summary: 'Whether you are supervised: who your guardians are, exactly what they see, and today’s limits',
        response: { 200: SupervisionReply },
      },
    },
    async (request) => mySupervision(ctx, requireUser(request)),
  );
};
