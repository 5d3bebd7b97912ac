/** Picks the provider implementation for a connection. */
import type { Config } from '#server/config';
import { createOllamaProvider } from './ollama';
import { createOpenAiProvider } from './openai-compatible';
import type { ConnectionInfo, ModelProvider, ProviderTimeouts } from './types';

/** The timeouts a provider uses, from the configuration. */
export const timeoutsFrom = (config: Config): ProviderTimeouts => ({
  connectTimeoutMs: config.modelConnectTimeoutMs,
  firstTokenTimeoutMs: config.modelFirstTokenTimeoutMs,
});

/** A provider for one connection (cheap: no request is made until it is used). */
export function createProvider(connection: ConnectionInfo, timeouts: ProviderTimeouts): ModelProvider {
  switch (connection.provider) {
    case 'openai':
      return createOpenAiProvider(connection, timeouts);
    case 'ollama':
      return createOllamaProvider(connection, timeouts);
  }
}
