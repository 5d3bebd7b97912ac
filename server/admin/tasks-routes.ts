/** /api/admin/tasks: tasks with their prompts, models and tools. Built-ins cannot be deleted. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AdminTask, AdminTaskList, CreateTaskBody, IdParams, UpdateTaskBody } from '#common/admin';
import type { RouteOptions } from '#server/context';
import { requireAdmin } from '#server/auth/guards';
import { notFound } from '#server/errors';
import { audit } from '#server/safety/audit';
import { getTask, listTasks } from '#server/tasks/registry';
import { createTask, deleteTask, updateTask } from '#server/tasks/service';

const tags = ['admin'];

export const adminTaskRoutes: FastifyPluginAsyncZod<RouteOptions> = async (app, { ctx }) => {
  app.get(
    '/api/admin/tasks',
    { config: { tokenScopes: ['admin'] }, schema: { tags, summary: 'Every task, built-ins first, with prompts', response: { 200: AdminTaskList } } },
    async (request) => {
      requireAdmin(request);
      return { items: await listTasks(ctx) };
    },
  );

  app.get(
    '/api/admin/tasks/:id',
    { config: { tokenScopes: ['admin'] }, schema: { tags, summary: 'One task', params: IdParams, response: { 200: AdminTask } } },
    async (request) => {
      requireAdmin(request);
      const task = await getTask(ctx, request.params.id);
      if (!task) throw notFound('That task');
      return task;
    },
  );

  app.post(
    '/api/admin/tasks',
    { config: { tokenScopes: ['admin'] }, schema: { tags, summary: 'Create a task', body: CreateTaskBody, response: { 201: AdminTask } } },
    async (request, reply) => {
      const admin = requireAdmin(request);
      const task = await createTask(ctx, request.body);
      await audit(ctx, { actorId: admin.id, ip: request.ip, action: 'task.created', target: task.id, detail: { name: task.name } });
      return reply.status(201).send(task);
    },
  );

  app.patch(
    '/api/admin/tasks/:id',
    { config: { tokenScopes: ['admin'] }, schema: { tags, summary: 'Edit a task (built-ins too)', params: IdParams, body: UpdateTaskBody, response: { 200: AdminTask } } },
    async (request) => {
      const admin = requireAdmin(request);
      const { after } = await updateTask(ctx, request.params.id, request.body);
      const fields = Object.keys(request.body).filter((k) => request.body[k as keyof typeof request.body] !== undefined);
      await audit(ctx, { actorId: admin.id, ip: request.ip, action: 'task.updated', target: after.id, detail: { name: after.name, fields, enabled: after.enabled } });
      return after;
    },
  );

  app.delete(
    '/api/admin/tasks/:id',
    { config: { tokenScopes: ['admin'] }, schema: { tags, summary: 'Delete a task (not a built-in: 409)', params: IdParams } },
    async (request, reply) => {
      const admin = requireAdmin(request);
      const task = await deleteTask(ctx, request.params.id);
      await audit(ctx, { actorId: admin.id, ip: request.ip, action: 'task.deleted', target: task.id, detail: { name: task.name } });
      return reply.status(204).send();
    },
  );
};
