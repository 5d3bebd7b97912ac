/**
 * Readable default names for model servers that come from the config (HEARTH_MODEL_SERVERS or
 * the default probe): "LM Studio on this computer", "Ollama on 192.168.1.31" — a member should
 * never see a raw URL as a server's only name. The admin can rename them (connection_settings).
 */
import type { ProviderKind } from '#common/models';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '::1', '[::1]', '0.0.0.0']);

/** What kind of server it most likely is, from the provider and the port it listens on. */
function kindOf(provider: ProviderKind, url: URL): string {
  if (provider === 'ollama') return 'Ollama';
  if (url.port === '1234') return 'LM Studio';
  return 'Model server';
}

/** A readable name for a server at `baseUrl`, e.g. "LM Studio on this computer". */
export function friendlyServerName(provider: ProviderKind, baseUrl: string): string {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    return provider === 'ollama' ? 'Ollama' : 'Model server';
  }
  const host = url.hostname.toLowerCase();
  const where = LOOPBACK.has(host) || host.startsWith('127.') ? 'this computer' : url.hostname;
  return `${kindOf(provider, url)} on ${where}`;
}
