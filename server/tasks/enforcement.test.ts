/**
 * Issue 12 items 1-2: a conversation's task decides its system prompt, its models and its
 * parameters on send, regenerate and edit, and the permission rule (./access) holds for every
 * combination. What reaches the model server is read from the fake's record of each request.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AdminTask } from '#common/admin';
import { ModelsReply } from '#common/models';
import { TasksReply } from '#common/tasks';
import { setAllowLists } from '#server/accounts/permissions';
import { adminAndMember, call } from '#server/admin/test-support';
import { startFakeModelServer, type FakeModelServer } from '#test/fakes/fake-model-server';
import { createTestApp, signedInUser, type Session, type TestApp } from '#test/helpers';
import { mayUse } from './access';

const OPENAI = 'env-1/fake-model';
const OLLAMA = 'env-2/fake-model';
const OTHER = 'env-1/fake-reasoner';

let fake: FakeModelServer;
let t: TestApp;
let admin: Session;
let member: Session;
beforeAll(async () => {
  fake = await startFakeModelServer();
  t = await createTestApp({
    HEARTH_MODEL_SERVERS: `openai=${fake.openaiBaseUrl},ollama=${fake.ollamaBaseUrl}`,
    HEARTH_RATE_LIMIT_CHAT_PER_MINUTE: '0',
  });
  ({ admin, member } = await adminAndMember(t.app));
});
afterAll(async () => {
  await t.close();
  await fake.close();
});
beforeEach(async () => {
  await setAllowLists(t.app.ctx, member.user.id, { taskIds: null, modelIds: null });
});

async function createTask(body: object): Promise<AdminTask> {
  const res = await call(t.app, admin, 'POST', '/api/admin/tasks', body);
  expect(res.statusCode, res.body).toBe(201);
  return AdminTask.parse(res.json());
}

async function newConversation(taskId: string, as = member): Promise<{ id: string; model: string | null }> {
  const res = await call(t.app, as, 'POST', '/api/conversations', { taskId });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

/** The body of the last request the fake received. */
const lastBody = () => fake.chatRequests().at(-1)!.body as Record<string, unknown>;
const lastMessages = () => lastBody().messages as { role: string; content: string }[];

describe('the permission rule (one function)', () => {
  // Each axis: the value that allows, and the one that refuses. The expectation is written out
  // by hand from the rule's words: every condition must hold.
  const taskEnabled = [true, false] as const;
  const memberTasks = [null, ['t'], ['other']] as const;
  const taskModels = [[], ['m'], ['other']] as const;
  const memberModels = [null, ['m'], ['other']] as const;
  const cases = taskEnabled.flatMap((enabled) =>
    memberTasks.flatMap((taskIds) =>
      taskModels.flatMap((models) => memberModels.map((modelIds) => ({ enabled, taskIds, models, modelIds }))),
    ),
  );

  it.each(cases)('enabled=$enabled member tasks=$taskIds task models=$models member models=$modelIds', (c) => {
    const lists = { taskIds: c.taskIds ? [...c.taskIds] : null, modelIds: c.modelIds ? [...c.modelIds] : null };
    const task = { id: 't', enabled: c.enabled, models: [...c.models] };
    const taskOk = c.enabled && c.taskIds?.[0] !== 'other';
    const modelOk = c.models[0] !== 'other' && c.modelIds?.[0] !== 'other';
    expect(mayUse(lists, task)).toBe(taskOk);
    expect(mayUse(lists, task, 'm')).toBe(taskOk && modelOk);
  });

  it('is what GET /api/tasks, GET /api/models?taskId= and sending answer', async () => {
    const task = await createTask({ name: 'Rule check', models: [OPENAI], defaultModel: OPENAI });
    const conversation = await newConversation(task.id);
    const ids = async () =>
      TasksReply.parse((await call(t.app, member, 'GET', '/api/tasks')).json()).items.map((x) => x.id);
    const pickable = async () => {
      const res = await call(t.app, member, 'GET', `/api/models?taskId=${task.id}`);
      return res.statusCode === 200 ? ModelsReply.parse(res.json()).items.map((m) => m.id) : res.statusCode;
    };
    const send = async (model?: string) =>
      (
        await call(t.app, member, 'POST', `/api/conversations/${conversation.id}/messages`, {
          content: 'hi',
          stream: false,
          ...(model ? { model } : {}),
        })
      ).json<{ error?: { code: string } }>().error?.code ?? 'ok';

    expect(await ids()).toContain(task.id);
    expect(await pickable()).toEqual([OPENAI]);
    expect(await send()).toBe('ok');

    // The member's model list leaves the task's only model out: nothing to pick, 404 when named.
    await setAllowLists(t.app.ctx, member.user.id, { modelIds: [OLLAMA] });
    expect(await pickable()).toEqual([]);
    expect(await send(OPENAI)).toBe('model_not_found');
    // The task's list leaves the member's model out: 403 model_not_allowed.
    expect(await send(OLLAMA)).toBe('model_not_allowed');

    // The member's task list leaves the task out.
    await setAllowLists(t.app.ctx, member.user.id, { modelIds: null, taskIds: ['general'] });
    expect(await ids()).not.toContain(task.id);
    expect(await pickable()).toBe(404);
    expect(await send()).toBe('task_not_allowed');

    // Switched off.
    await setAllowLists(t.app.ctx, member.user.id, { taskIds: null });
    await call(t.app, admin, 'PATCH', `/api/admin/tasks/${task.id}`, { enabled: false });
    expect(await ids()).not.toContain(task.id);
    expect(await send()).toBe('task_not_allowed');
    await call(t.app, admin, 'PATCH', `/api/admin/tasks/${task.id}`, { enabled: true });
    expect(await send()).toBe('ok');
  });
});

describe('a task decides prompt, model and parameters', () => {
  let tutor: AdminTask;
  beforeAll(async () => {
    tutor = await createTask({
      name: 'Tutor',
      systemPrompt: 'TUTOR: explain, never just answer.',
      models: [OPENAI],
      defaultModel: OPENAI,
      temperature: 0.3,
      topP: 0.8,
      maxTokens: 99,
      contextLength: 4096,
    });
  });

  it('on send: the task prompt first, its parameters, its default model; another model is 403', async () => {
    const conversation = await newConversation(tutor.id);
    expect(conversation.model).toBe(OPENAI);
    const before = fake.chatRequests().length;
    const refused = await call(t.app, member, 'POST', `/api/conversations/${conversation.id}/messages`, {
      content: 'hi',
      model: OLLAMA,
      stream: false,
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ error: { code: 'model_not_allowed', field: 'model' } });
    expect(fake.chatRequests().length).toBe(before);

    const sent = await call(t.app, member, 'POST', `/api/conversations/${conversation.id}/messages`, {
      content: 'What is 2+2?',
      stream: false,
    });
    expect(sent.statusCode, sent.body).toBe(200);
    const body = lastBody();
    expect(body).toMatchObject({ model: 'fake-model', temperature: 0.3, top_p: 0.8, max_tokens: 99 });
    expect(lastMessages()).toEqual([
      { role: 'system', content: 'TUTOR: explain, never just answer.' },
      { role: 'user', content: 'What is 2+2?' },
    ]);
  });

  it('on regenerate and edit, the same; a model outside the task is 403 there too', async () => {
    const conversation = await newConversation(tutor.id);
    const sent = await call(t.app, member, 'POST', `/api/conversations/${conversation.id}/messages`, {
      content: 'first',
      stream: false,
    });
    const { userMessage, assistantMessage } = sent.json<{
      userMessage: { id: string };
      assistantMessage: { id: string };
    }>();

    const regenRefused = await call(t.app, member, 'POST', `/api/messages/${assistantMessage.id}/regenerate`, {
      model: OTHER,
      stream: false,
    });
    expect(regenRefused.json()).toMatchObject({ error: { code: 'model_not_allowed' } });
    const regen = await call(t.app, member, 'POST', `/api/messages/${assistantMessage.id}/regenerate`, {
      stream: false,
    });
    expect(regen.statusCode, regen.body).toBe(200);
    expect(lastBody()).toMatchObject({ temperature: 0.3, top_p: 0.8, max_tokens: 99 });
    expect(lastMessages()[0]).toEqual({ role: 'system', content: 'TUTOR: explain, never just answer.' });

    const editRefused = await call(t.app, member, 'POST', `/api/messages/${userMessage.id}/edit`, {
      content: 'second',
      model: OLLAMA,
      stream: false,
    });
    expect(editRefused.statusCode).toBe(403);
    const edit = await call(t.app, member, 'POST', `/api/messages/${userMessage.id}/edit`, {
      content: 'second',
      stream: false,
    });
    expect(edit.statusCode, edit.body).toBe(200);
    expect(lastMessages()).toEqual([
      { role: 'system', content: 'TUTOR: explain, never just answer.' },
      { role: 'user', content: 'second' },
    ]);
  });

  it('passes the parameters to Ollama as temperature, top_p, num_predict and num_ctx', async () => {
    const task = await createTask({
      name: 'Llama tutor',
      systemPrompt: 'OLLAMA TASK',
      models: [OLLAMA],
      temperature: 0.5,
      topP: 0.9,
      maxTokens: 77,
      contextLength: 2048,
    });
    const conversation = await newConversation(task.id);
    expect(conversation.model).toBe(OLLAMA);
    const sent = await call(t.app, member, 'POST', `/api/conversations/${conversation.id}/messages`, {
      content: 'hello',
      stream: false,
    });
    expect(sent.statusCode, sent.body).toBe(200);
    expect(fake.chatRequests().at(-1)!.path).toBe('/api/chat');
    expect(lastBody().options).toEqual({ temperature: 0.5, top_p: 0.9, num_predict: 77, num_ctx: 2048 });
    expect(lastMessages()[0]).toEqual({ role: 'system', content: 'OLLAMA TASK' });
  });

  it('leaves unset parameters to the model server', async () => {
    const conversation = await newConversation('general');
    await call(t.app, member, 'POST', `/api/conversations/${conversation.id}/messages`, {
      content: 'hello',
      model: OLLAMA,
      stream: false,
    });
    expect(lastBody().options).toBeUndefined();
  });

  it('refuses a model outside the task when creating or patching a conversation', async () => {
    const created = await call(t.app, member, 'POST', '/api/conversations', { taskId: tutor.id, model: OLLAMA });
    expect(created.statusCode).toBe(403);
    expect(created.json()).toMatchObject({ error: { code: 'model_not_allowed' } });
    const conversation = await newConversation(tutor.id);
    const patched = await call(t.app, member, 'PATCH', `/api/conversations/${conversation.id}`, { model: OLLAMA });
    expect(patched.statusCode).toBe(403);
  });

  it('only offers the task’s models in GET /api/models?taskId=; an unknown task is 404', async () => {
    const all = ModelsReply.parse((await call(t.app, member, 'GET', '/api/models')).json()).items.map((m) => m.id);
    expect(all).toEqual(expect.arrayContaining([OPENAI, OLLAMA, OTHER]));
    const inTask = ModelsReply.parse((await call(t.app, member, 'GET', `/api/models?taskId=${tutor.id}`)).json());
    expect(inTask.items.map((m) => m.id)).toEqual([OPENAI]);
    expect((await call(t.app, member, 'GET', '/api/models?taskId=no-such-task')).statusCode).toBe(404);
    expect((await call(t.app, member, 'GET', `/api/models?taskId=${'x'.repeat(65)}`)).statusCode).toBe(400);
  });
});

describe('a conversation keeps its task', () => {
  it('answers PATCH {taskId} with 409 task_locked once it has messages; before that the task may change', async () => {
    const a = await createTask({ name: 'Lock A', models: [OPENAI], defaultModel: OPENAI });
    const b = await createTask({ name: 'Lock B', models: [OLLAMA], defaultModel: OLLAMA });
    const conversation = await newConversation(a.id);
    const switched = await call(t.app, member, 'PATCH', `/api/conversations/${conversation.id}`, { taskId: b.id });
    expect(switched.statusCode, switched.body).toBe(200);
    // The new task's default model comes with it.
    expect(switched.json()).toMatchObject({ taskId: b.id, model: OLLAMA });

    await call(t.app, member, 'POST', `/api/conversations/${conversation.id}/messages`, {
      content: 'x',
      stream: false,
    });
    const locked = await call(t.app, member, 'PATCH', `/api/conversations/${conversation.id}`, { taskId: a.id });
    expect(locked.statusCode).toBe(409);
    expect(locked.json()).toMatchObject({ error: { code: 'task_locked', field: 'taskId' } });
    // The same task again is no change, and other fields still save.
    const same = await call(t.app, member, 'PATCH', `/api/conversations/${conversation.id}`, {
      taskId: b.id,
      title: 'Still B',
    });
    expect(same.json()).toMatchObject({ taskId: b.id, title: 'Still B' });
  });

  it('answers 404 for another member’s conversation, and 400 for a bad task id', async () => {
    const other = await signedInUser(t.app);
    const conversation = await newConversation('general');
    const theirs = await call(t.app, other, 'PATCH', `/api/conversations/${conversation.id}`, { taskId: 'music' });
    expect(theirs.statusCode).toBe(404);
    const send = await call(t.app, other, 'POST', `/api/conversations/${conversation.id}/messages`, {
      content: 'hi',
      stream: false,
    });
    expect(send.statusCode).toBe(404);
    const bad = await call(t.app, member, 'PATCH', `/api/conversations/${conversation.id}`, { taskId: 'nope' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: { field: 'taskId' } });
  });
});

describe('admin task fields', () => {
  it('stores parameters, order and prompt visibility; members see the prompt only when allowed', async () => {
    const task = await createTask({ name: 'Open book', systemPrompt: 'SEE ME', temperature: 1.2 });
    expect(task).toMatchObject({
      temperature: 1.2,
      topP: null,
      maxTokens: null,
      contextLength: null,
      promptVisible: false,
    });
    const seen = async () =>
      TasksReply.parse((await call(t.app, member, 'GET', '/api/tasks')).json()).items.find((x) => x.id === task.id);
    expect(await seen()).not.toHaveProperty('systemPrompt');
    await call(t.app, admin, 'PATCH', `/api/admin/tasks/${task.id}`, { promptVisible: true });
    expect((await seen())?.systemPrompt).toBe('SEE ME');

    // Reorder: a task moved to the front is listed first.
    await call(t.app, admin, 'PATCH', `/api/admin/tasks/${task.id}`, { sortOrder: -5 });
    const list = TasksReply.parse((await call(t.app, member, 'GET', '/api/tasks')).json()).items;
    expect(list[0]?.id).toBe(task.id);
  });

  it('refuses bad parameters with a 400 naming the field', async () => {
    for (const [field, value] of [
      ['temperature', 3],
      ['topP', -0.1],
      ['maxTokens', 0],
      ['contextLength', 10],
      ['sortOrder', 1.5],
    ] as const) {
      const res = await call(t.app, admin, 'POST', '/api/admin/tasks', { name: 'Bad', [field]: value });
      expect(res.statusCode, field).toBe(400);
      expect(res.json()).toMatchObject({ error: { code: 'validation_failed', field } });
    }
    const patch = await call(t.app, admin, 'PATCH', '/api/admin/tasks/general', { temperature: 'hot' });
    expect(patch.statusCode).toBe(400);
    const stray = await call(t.app, admin, 'POST', '/api/admin/tasks', {
      name: 'Stray',
      models: [OPENAI],
      defaultModel: OLLAMA,
    });
    expect(stray.json()).toMatchObject({ error: { code: 'validation_failed', field: 'defaultModel' } });
    const narrowed = await call(t.app, admin, 'PATCH', '/api/admin/tasks/general', {
      models: [OLLAMA],
      defaultModel: OPENAI,
    });
    expect(narrowed.statusCode).toBe(400);
    // A member cannot change a task.
    expect((await call(t.app, member, 'PATCH', '/api/admin/tasks/general', { temperature: 1 })).statusCode).toBe(403);
  });
});
