/** A signed-in API client for the terminal commands, from the stored or given credentials. */
import { createApiClient, type ApiClient } from '#common/api-client';
import type { CliIo } from '../io';
import { resolveCredentials } from './config-store';

/** The client, and the server address to name in messages. */
export type Connection = { api: ApiClient; server: string; token: string };

/** Connects with HEARTH_TOKEN/HEARTH_SERVER or the saved login; throws exit 3 when signed out. */
export function connect(io: CliIo): Connection {
  const { server, token } = resolveCredentials(io.env);
  return { api: createApiClient({ baseUrl: server, bearerToken: token }), server, token };
}
