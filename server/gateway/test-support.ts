/**
 * For the gateway tests: a real Hearth listening on 127.0.0.1 (the `openai` SDK needs a real
 * port), the fake model server behind it as both an OpenAI-compatible server (`env-1`) and an
 * Ollama server (`env-2`), and a member with a personal API token.
 */
import OpenAI from 'openai';
import type { User } from '#common/auth';
import { createApiToken } from '#server/auth/api-tokens';
import { startFakeModelServer, type FakeModelServer } from '#test/fakes/fake-model-server';
import { createTestApp, createUser, type TestApp } from '#test/helpers';

/** The fake's models behind each upstream kind. */
export const OPENAI_MODEL = 'env-1/fake-model';
export const OLLAMA_MODEL = 'env-2/fake-model';
export const OPENAI_REASONER = 'env-1/fake-reasoner';
export const OLLAMA_REASONER = 'env-2/fake-reasoner';

export type GatewayWorld = {
  t: TestApp;
  fake: FakeModelServer;
  /** `http://127.0.0.1:<port>/v1` */
  baseURL: string;
  user: User;
  password: string;
  token: string;
  /** The official SDK pointed at Hearth with the member's token; no retries (tests count requests). */
  client: OpenAI;
  /** A client with another API key. */
  clientWith: (apiKey: string) => OpenAI;
  close: () => Promise<void>;
};

/** Boots the fake, Hearth on a real port, and a member with a token. */
export async function startGatewayWorld(env: Record<string, string> = {}): Promise<GatewayWorld> {
  const fake = await startFakeModelServer();
  const t = await createTestApp({
    HEARTH_MODEL_SERVERS: `openai=${fake.openaiBaseUrl},ollama=${fake.ollamaBaseUrl}`,
    ...env,
  });
  const address = await t.app.listen({ host: '127.0.0.1', port: 0 });
  const baseURL = `${address}/v1`;
  const { user, password } = await createUser(t.app);
  const { token } = await createApiToken(t.app.ctx, user, 'tests');
  const clientWith = (apiKey: string) =>
    new OpenAI({ baseURL, apiKey, maxRetries: 0, organization: null, project: null, logLevel: 'off' });
  return {
    t,
    fake,
    baseURL,
    user,
    password,
    token,
    client: clientWith(token),
    clientWith,
    close: async () => {
      // The test's HTTP client may keep a spare connection open after an aborted stream; it
      // would hold app.close() for the client's keep-alive time (4 s).
      t.app.server.closeAllConnections();
      await t.close();
      await fake.close();
    },
  };
}

/** Raw fetch against /v1 (for what the SDK hides: headers, bodies, bad JSON). */
export function rawV1(
  world: GatewayWorld,
  path: string,
  init: RequestInit & { token?: string | null } = {},
): Promise<Response> {
  const { token = world.token, headers, ...rest } = init;
  return fetch(`${world.baseURL}${path}`, {
    ...rest,
    headers: {
      ...(rest.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(headers as Record<string, string> | undefined),
    },
  });
}
