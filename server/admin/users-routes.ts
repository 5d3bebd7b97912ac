/** /api/admin/users: the admin's view of accounts. Thin: guard, call ./users, reply. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  AdminUser,
  AdminUserList,
  AdminUserListQuery,
  CreateUserBody,
  IdParams,
  UpdateUserBody,
  UserDataSummary,
} from '#common/admin';
import type { RouteOptions } from '#server/context';
import { requireAdmin } from '#server/auth/guards';
import {
  createAdminUser,
  deleteAdminUser,
  getAdminUser,
  listAdminUsers,
  updateAdminUser,
  userSummary,
} from '#server/accounts/admin-users';

const tags = ['admin'];

export const adminUserRoutes: FastifyPluginAsyncZod<RouteOptions> = async (app, { ctx }) => {
  app.get(
    '/api/admin/users',
    {
      config: { tokenScopes: ['admin'] },
      schema: {
        tags,
        summary: 'Every account, newest first, with allow-lists',
        querystring: AdminUserListQuery,
        response: { 200: AdminUserList },
      },
    },
    async (request) => {
      requireAdmin(request);
      return listAdminUsers(ctx, request.query);
    },
  );

  app.post(
    '/api/admin/users',
    {
      config: { tokenScopes: ['admin'] },
      schema: { tags, summary: 'Create an account', body: CreateUserBody, response: { 201: AdminUser } },
    },
    async (request, reply) => {
      const admin = requireAdmin(request);
      return reply.status(201).send(await createAdminUser(ctx, { actorId: admin.id, ip: request.ip }, request.body));
    },
  );

  app.get(
    '/api/admin/users/:id',
    {
      config: { tokenScopes: ['admin'] },
      schema: { tags, summary: 'One account', params: IdParams, response: { 200: AdminUser } },
    },
    async (request) => {
      requireAdmin(request);
      return getAdminUser(ctx, request.params.id);
    },
  );

  app.get(
    '/api/admin/users/:id/summary',
    {
      config: { tokenScopes: ['admin'] },
      schema: {
        tags,
        summary: 'What deleting this account takes with it (counts only, never content)',
        params: IdParams,
        response: { 200: UserDataSummary },
      },
    },
    async (request) => {
      requireAdmin(request);
      return userSummary(ctx, request.params.id);
    },
  );

  app.patch(
    '/api/admin/users/:id',
    {
      config: { tokenScopes: ['admin'] },
      schema: {
        tags,
        summary:
          'Edit an account: name, role, disabled (ends their sessions, sockets and replies at once), supervision, password, allow-lists',
        params: IdParams,
        body: UpdateUserBody,
        response: { 200: AdminUser },
      },
    },
    async (request) => {
      const admin = requireAdmin(request);
      return updateAdminUser(ctx, { actorId: admin.id, ip: request.ip }, request.params.id, request.body);
    },
  );

  app.delete(
    '/api/admin/users/:id',
    {
      config: { tokenScopes: ['admin'] },
      schema: { tags, summary: 'Delete an account and everything it owns', params: IdParams },
    },
    async (request, reply) => {
      const admin = requireAdmin(request);
      await deleteAdminUser(ctx, { actorId: admin.id, ip: request.ip }, request.params.id);
      return reply.status(204).send();
    },
  );
};
