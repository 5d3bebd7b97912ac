/** Tasks: GET /api/tasks, the admin's /api/admin/tasks, and the prompt a conversation sends. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdminTask, AdminTaskList } from '#common/admin';
import { TasksReply } from '#common/tasks';
import { createTestApp, type Session, type TestApp } from '#test/helpers';
import { startFakeModelServer, type FakeModelServer } from '#test/fakes/fake-model-server';
import { adminAndMember, call } from '#server/admin/test-support';

let fake: FakeModelServer;
let t: TestApp;
let admin: Session;
let member: Session;
beforeAll(async () => {
  fake = await startFakeModelServer();
  t = await createTestApp({ HEARTH_MODEL_SERVERS: `openai=${fake.openaiBaseUrl}` });
  ({ admin, member } = await adminAndMember(t.app));
});
afterAll(async () => {
  await t.close();
  await fake.close();
});

/** The system prompt the model server received for a message sent in a new conversation of `taskId`. */
async function promptSentFor(taskId: string): Promise<unknown> {
  const created = await call(t.app, member, 'POST', '/api/conversations', { taskId, model: 'env-1/fake-model' });
  expect(created.statusCode).toBe(201);
  const id = created.json<{ id: string }>().id;
  const sent = await call(t.app, member, 'POST', `/api/conversations/${id}/messages`, {
    content: 'hello',
    stream: false,
  });
  expect(sent.statusCode).toBe(200);
  const messages = fake.chatRequests().at(-1)!.body!.messages as { role: string; content: string }[];
  return messages[0]?.role === 'system' ? messages[0].content : null;
}

const memberTasks = async () => TasksReply.parse((await call(t.app, member, 'GET', '/api/tasks')).json()).items;

describe('tasks', () => {
  it('has the built-ins general and music for every member', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/tasks' })).statusCode).toBe(401);
    expect(await memberTasks()).toEqual([
      { id: 'general', name: 'General chat', description: 'Ask anything.', icon: '💬' },
      {
        id: 'music',
        name: 'Music library',
        description: 'Questions about music and the household’s library.',
        icon: '🎵',
      },
    ]);
    expect(await promptSentFor('general')).toMatch(/^You are Hearth, a friendly assistant/);
    expect(await promptSentFor('music')).toMatch(/music helper/);
  });

  it('creates, edits and deletes a task; its prompt is what the model gets', async () => {
    const res = await call(t.app, admin, 'POST', '/api/admin/tasks', {
      name: 'Homework helper!',
      description: 'Explains, never just answers',
      systemPrompt: 'You are a patient tutor. Never give the final answer outright.',
      models: ['env-1/fake-model'],
      defaultModel: 'env-1/fake-model',
      icon: '📚',
    });
    expect(res.statusCode).toBe(201);
    const task = AdminTask.parse(res.json());
    expect(task).toMatchObject({
      id: 'homework-helper',
      enabled: true,
      builtIn: false,
      tools: [],
      models: ['env-1/fake-model'],
    });
    expect((await memberTasks()).find((x) => x.id === 'homework-helper')).toEqual({
      id: 'homework-helper',
      name: 'Homework helper!',
      description: 'Explains, never just answers',
      icon: '📚',
      defaultModel: 'env-1/fake-model',
    });
    expect(await promptSentFor('homework-helper')).toBe(
      'You are a patient tutor. Never give the final answer outright.',
    );

    // A second task of the same name gets its own id; an explicit taken id is a 409.
    const twin = AdminTask.parse(
      (await call(t.app, admin, 'POST', '/api/admin/tasks', { name: 'Homework helper!' })).json(),
    );
    expect(twin.id).toBe('homework-helper-2');
    const taken = await call(t.app, admin, 'POST', '/api/admin/tasks', { id: 'music', name: 'Again' });
    expect(taken.statusCode).toBe(409);
    expect(taken.json()).toMatchObject({ error: { field: 'id' } });
    const badId = await call(t.app, admin, 'POST', '/api/admin/tasks', { id: 'Not OK!', name: 'x' });
    expect(badId.json()).toMatchObject({ error: { code: 'validation_failed', field: 'id' } });

    const edited = await call(t.app, admin, 'PATCH', '/api/admin/tasks/homework-helper', {
      systemPrompt: 'Be Socratic.',
    });
    expect(AdminTask.parse(edited.json()).systemPrompt).toBe('Be Socratic.');
    expect(await promptSentFor('homework-helper')).toBe('Be Socratic.');

    expect((await call(t.app, admin, 'DELETE', '/api/admin/tasks/homework-helper')).statusCode).toBe(204);
    expect((await call(t.app, admin, 'DELETE', '/api/admin/tasks/homework-helper')).statusCode).toBe(404);
    expect((await call(t.app, admin, 'GET', '/api/admin/tasks/homework-helper')).statusCode).toBe(404);
    expect((await call(t.app, admin, 'PATCH', '/api/admin/tasks/homework-helper', { name: 'x' })).statusCode).toBe(404);
    expect((await memberTasks()).map((x) => x.id)).toEqual(['general', 'music', 'homework-helper-2']);
  });

  it('lets built-ins be edited and disabled, never deleted', async () => {
    const del = await call(t.app, admin, 'DELETE', '/api/admin/tasks/music');
    expect(del.statusCode).toBe(409);
    const off = await call(t.app, admin, 'PATCH', '/api/admin/tasks/music', { enabled: false, name: 'Music' });
    expect(AdminTask.parse(off.json())).toMatchObject({ id: 'music', enabled: false, builtIn: true, name: 'Music' });
    expect((await memberTasks()).map((x) => x.id)).not.toContain('music');
    const refused = await call(t.app, member, 'POST', '/api/conversations', { taskId: 'music' });
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({ error: { field: 'taskId' } });
    const list = AdminTaskList.parse((await call(t.app, admin, 'GET', '/api/admin/tasks')).json());
    expect(list.items.find((x) => x.id === 'music')?.enabled).toBe(false);
    await call(t.app, admin, 'PATCH', '/api/admin/tasks/music', { enabled: true });
    expect((await memberTasks()).map((x) => x.id)).toContain('music');
  });
});
