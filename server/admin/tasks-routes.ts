/** /api/admin/tasks: tasks with their prompts, models and tools. Built-ins cannot be deleted. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AdminTask, AdminTaskList, CreateTaskBody, IdParams, UpdateTaskBody } from '#common/admin';
import type { RouteOptions } from '#server/context';
import { requireAdmin } from '#server/auth/guards';
import { notFound } from '#server/errors';
import { getTask, listTasks } from '#server/tasks/registry';
import { createTask, deleteTask, updateTask } from '#server/tasks/service';

const tags = ['admin'];

export const adminTaskRoutes: FastifyPluginAsyncZod<RouteOptions> = async (app, { ctx }) => {
  app.get(
    '/api/admin/tasks',
    {
      config: { tokenScopes: ['admin'] },
      schema: { tags, summary: 'Every task, built-ins first, with prompts', response: { 200: AdminTaskList } },
    },
    async (request) => {
      requireAdmin(request);
      return { items: await listTasks(ctx) };
    },
  );

  app.get(
    '/api/admin/tasks/:id',
    {
      config: { tokenScopes: ['admin'] },
      schema: { tags, summary: 'One task', params: IdParams, response: { 200: AdminTask } },
    },
    async (request) => {
      requireAdmin(request);
      const task = await getTask(ctx, request.params.id);
      if (!task) throw notFound('That task');
      return task;
    },
  );

  app.post(
    '/api/admin/tasks',
    {
      config: { tokenScopes: ['admin'] },
      schema: { tags, summary: 'Create a task', body: CreateTaskBody, response: { 201: AdminTask } },
    },
    async (request, reply) => {
      const admin = requireAdmin(request);
      const task = await createTask(ctx, { actorId: admin.id, ip: request.ip }, request.body);
      return reply.status(201).send(task);
    },
  );

  app.patch(
    '/api/admin/tasks/:id',
    {
      config: { tokenScopes: ['admin'] },
      schema: {
        tags,
        summary: 'Edit a task (built-ins too)',
        params: IdParams,
        body: UpdateTaskBody,
        response: { 200: AdminTask },
      },
    },
    async (request) => {
      const admin = requireAdmin(request);
      const { after } = await updateTask(ctx, { actorId: admin.id, ip: request.ip }, request.params.id, request.body);
      return after;
    },
  );

  app.delete(
    '/api/admin/tasks/:id',
    {
      config: { tokenScopes: ['admin'] },
      schema: { tags, summary: 'Delete a task (not a built-in: 409)', params: IdParams },
    },
    async (request, reply) => {
      const admin = requireAdmin(request);
      await deleteTask(ctx, { actorId: admin.id, ip: request.ip }, request.params.id);
      return reply.status(204).send();
    },
  );
};
