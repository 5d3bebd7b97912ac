/** Small helpers for tests that drive a ModelProvider against the fake model server. */
import net from 'node:net';
import type { ConnectionInfo, ModelToolCall, ProviderTimeouts, StreamPart } from '#server/providers/types';

/** What a stream produced, and how it ended. */
export type Collected = {
  text: string;
  reasoning: string;
  usage: StreamPart | undefined;
  toolCalls: ModelToolCall[];
  parts: StreamPart[];
  error: unknown;
};

/** Reads a stream to its end (or its error). */
export async function collect(stream: AsyncIterable<StreamPart>): Promise<Collected> {
  const out: Collected = { text: '', reasoning: '', usage: undefined, toolCalls: [], parts: [], error: undefined };
  try {
    for await (const part of stream) {
      out.parts.push(part);
      if (part.kind === 'delta') out.text += part.text;
      else if (part.kind === 'reasoning') out.reasoning += part.text;
      else if (part.kind === 'tool_call') out.toolCalls.push(part.call);
      else out.usage = part;
    }
  } catch (err) {
    out.error = err;
  }
  return out;
}

/** A port on 127.0.0.1 that nothing listens on (bound, then closed). */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Generous defaults; tests about timeouts pass their own. */
export const testTimeouts: ProviderTimeouts = { connectTimeoutMs: 2000, firstTokenTimeoutMs: 5000 };

/** A connection to the fake (or anywhere). */
export const connectionTo = (
  provider: ConnectionInfo['provider'],
  baseUrl: string,
  name = provider === 'ollama' ? 'Ollama' : 'LM Studio',
): ConnectionInfo => ({
  id: `test-${provider}`,
  name,
  provider,
  baseUrl,
});
