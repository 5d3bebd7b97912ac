/**
 * What the clients make of the filter, through the shared API client over real HTTP: the
 * terminal client's reply reader ends a stopped reply with the safe text (status `blocked`),
 * and a refused message reaches the client as an ApiError with its category and kind words.
 * And the moderation models' answers are read as the real ones write them.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ApiError, createApiClient } from '#common/api-client';
import { describeApiError } from '#cli/client/errors';
import { endingNote, followReply } from '#cli/client/reply-stream';
import { createApiToken } from '#server/auth/api-tokens';
import { MODELS, startLiveApp, type LiveApp } from '#server/generation/test-support';
import { startFakeModelServer, type FakeModelServer } from '#test/fakes/fake-model-server';
import { createUser } from '#test/helpers';
import { superviseWith } from './filter-test-support';
import { BLOCKED_REPLY_SELF_HARM, BLOCKED_REPLY_TEXT } from './filter-words';
import { parseModerationAnswer } from './moderation';

let fake: FakeModelServer;
let t: LiveApp;
let api: ReturnType<typeof createApiClient>;

beforeAll(async () => {
  fake = await startFakeModelServer();
});
afterAll(async () => fake.close());
beforeEach(async () => {
  t = await startLiveApp(fake, { HEARTH_RATE_LIMIT_API_PER_MINUTE: '0' });
  const { user: guardian } = await createUser(t.app, { username: 'dad' });
  const { user: child } = await createUser(t.app, { username: 'kid', supervised: true });
  await superviseWith(t.app, child.id, guardian.id);
  const { token } = await createApiToken(t.app.ctx, child, 'terminal', 'chat');
  api = createApiClient({ baseUrl: t.url, bearerToken: token });
});
afterEach(async () => t.close());

describe('the terminal client', () => {
  it('ends a reply the filter stopped with the safe text, never the words it held back', async () => {
    const conversation = await api.createConversation({ model: MODELS.openai });
    fake.enqueue({
      tokens: ['Well, some people ', 'want to kill my', 'self sometimes.', ' More.'],
      tokenIntervalMs: 10,
    });
    const shown: string[] = [];
    const outcome = await followReply(api.streamMessage(conversation.id, { content: 'Why are people sad?' }), {
      onDelta: (text) => shown.push(text),
    });
    expect(outcome.message).toMatchObject({
      status: 'blocked',
      content: BLOCKED_REPLY_SELF_HARM,
      error: { code: 'content_blocked', category: 'self_harm' },
    });
    expect(shown.join('')).toBe('');
    expect(endingNote(outcome.message, outcome)).toBe(BLOCKED_REPLY_SELF_HARM);
    expect(BLOCKED_REPLY_SELF_HARM.startsWith(BLOCKED_REPLY_TEXT)).toBe(true);
  });

  it('gets a refused message as an ApiError with its category and prints the kind words', async () => {
    const conversation = await api.createConversation({ model: MODELS.openai });
    const refused = await followReply(
      api.streamMessage(conversation.id, { content: 'what school do you go to?' }),
      {},
    ).catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(ApiError);
    const err = refused as ApiError;
    expect(err).toMatchObject({ status: 422, code: 'content_blocked', facts: { category: 'contact_details' } });
    expect(describeApiError(err, t.url)).toMatch(/wasn't sent.*private/);
  });
});

describe('moderation answers', () => {
  it.each([
    ['safe', null],
    ['\n\nsafe', null],
    ['unsafe\nS1', 'violence'],
    ['\n\nunsafe\nS11', 'self_harm'],
    ['unsafe\nS12', 'sexual'],
    ['unsafe\nS2,S11', 'self_harm'],
    ['unsafe\nS9', 'moderation'],
    ['unsafe', 'moderation'],
    ['Yes', 'moderation'],
    ['No', null],
    ['I cannot help with that.', null],
  ])('reads %j as %s', (answer, category) => {
    expect(parseModerationAnswer(answer)).toBe(category);
  });
});
