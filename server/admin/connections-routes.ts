/** /api/admin/connections: model servers. The API key goes in, never out. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  AdminConnection,
  AdminConnectionList,
  ConnectionTestBody,
  ConnectionTestResult,
  CreateConnectionBody,
  IdParams,
  ModelSettingsBody,
  ModelSettingsReply,
  UpdateConnectionBody,
} from '#common/admin';
import type { RouteOptions } from '#server/context';
import { requireAdmin } from '#server/auth/guards';
import {
  createAdminConnection,
  deleteAdminConnection,
  listAdminConnections,
  testDraftConnection,
  testSavedConnection,
  updateAdminConnection,
} from '#server/providers/connections';
import { updateModelSettings } from '#server/providers/connection-settings';

const tags = ['admin'];

export const adminConnectionRoutes: FastifyPluginAsyncZod<RouteOptions> = async (app, { ctx }) => {
  app.get(
    '/api/admin/connections',
    {
      config: { tokenScopes: ['admin'] },
      schema: {
        tags,
        summary: 'Every model server, with its state; never an API key',
        response: { 200: AdminConnectionList },
      },
    },
    async (request) => {
      requireAdmin(request);
      return listAdminConnections(ctx);
    },
  );

  app.post(
    '/api/admin/connections',
    {
      config: { tokenScopes: ['admin'] },
      schema: { tags, summary: 'Add a model server', body: CreateConnectionBody, response: { 201: AdminConnection } },
    },
    async (request, reply) => {
      const admin = requireAdmin(request);
      return reply
        .status(201)
        .send(await createAdminConnection(ctx, { actorId: admin.id, ip: request.ip }, request.body));
    },
  );

  app.post(
    '/api/admin/connections/test',
    {
      config: { tokenScopes: ['admin'] },
      schema: {
        tags,
        summary: 'Try an unsaved model server: reachable? how many models?',
        body: ConnectionTestBody,
        response: { 200: ConnectionTestResult },
      },
    },
    async (request) => {
      requireAdmin(request);
      return testDraftConnection(ctx, request.body);
    },
  );

  app.patch(
    '/api/admin/connections/:id',
    {
      config: { tokenScopes: ['admin'] },
      schema: {
        tags,
        summary:
          'Edit a model server; no apiKey keeps the stored key, apiKey null clears it. Servers from HEARTH_MODEL_SERVERS or auto-detection take only name, maxConcurrent and hiddenModels',
        params: IdParams,
        body: UpdateConnectionBody,
        response: { 200: AdminConnection },
      },
    },
    async (request) => {
      const admin = requireAdmin(request);
      return updateAdminConnection(ctx, { actorId: admin.id, ip: request.ip }, request.params.id, request.body);
    },
  );

  app.delete(
    '/api/admin/connections/:id',
    { config: { tokenScopes: ['admin'] }, schema: { tags, summary: 'Remove a model server', params: IdParams } },
    async (request, reply) => {
      const admin = requireAdmin(request);
      await deleteAdminConnection(ctx, { actorId: admin.id, ip: request.ip }, request.params.id);
      return reply.status(204).send();
    },
  );

  app.post(
    '/api/admin/connections/:id/test',
    {
      config: { tokenScopes: ['admin'] },
      schema: { tags, summary: 'Try a saved model server', params: IdParams, response: { 200: ConnectionTestResult } },
    },
    async (request) => {
      requireAdmin(request);
      return testSavedConnection(ctx, request.params.id);
    },
  );

  app.patch(
    '/api/admin/connections/:id/models',
    {
      config: { tokenScopes: ['admin'] },
      schema: {
        tags,
        summary: "Give one of a server's models a display name, or hide it from members",
        params: IdParams,
        body: ModelSettingsBody,
        response: { 200: ModelSettingsReply },
      },
    },
    async (request) => {
      const admin = requireAdmin(request);
      return updateModelSettings(ctx, { actorId: admin.id, ip: request.ip }, request.params.id, request.body);
    },
  );
};
