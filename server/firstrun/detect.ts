/**
 * Auto-detection for the first-run guide: is LM Studio or Ollama answering where Hearth looks
 * (their usual ports, or HEARTH_PROBE_SERVERS)? A server found there is offered with one click
 * to add; one already configured at that address is shown as done instead.
 */
import type { DetectedServer } from '#common/first-run';
import type { AppContext } from '#server/context';
import { createProvider, timeoutsFrom } from '#server/providers/factory';
import { probeTargets } from '#server/providers/registry';
import type { ConnectionInfo } from '#server/providers/types';

/** Asking one probe address never holds the home screen up longer than this. */
const PROBE_TIMEOUT_MS = 1500;

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/** An address compared as a server: scheme, host (any loopback name alike), port and path. */
function serverKey(provider: string, baseUrl: string): string {
  try {
    const url = new URL(baseUrl);
    const host = LOOPBACK.has(url.hostname) ? 'loopback' : url.hostname.toLowerCase();
    const port = url.port || (url.protocol === 'https:' ? '443' : '80');
    return `${provider} ${url.protocol}//${host}:${port}${url.pathname.replace(/\/+$/, '')}`;
  } catch {
    return `${provider} ${baseUrl}`;
  }
}

/** How many models the server at `target` offers now; null when it does not answer. */
async function modelCount(ctx: AppContext, target: ConnectionInfo): Promise<number | null> {
  try {
    const provider = createProvider(target, timeoutsFrom(ctx.config));
    return (await provider.listModels(AbortSignal.timeout(PROBE_TIMEOUT_MS))).length;
  } catch {
    return null;
  }
}

/**
 * The probe addresses that answer, each with the configured server at that address if there is
 * one. Probes the registry already lists (nothing configured) are read from its list; the rest
 * are asked now, in parallel, briefly.
 */
export async function detectServers(ctx: AppContext): Promise<DetectedServer[]> {
  if (!ctx.config.probeDefaultServers) return [];
  const [inUse, listing] = await Promise.all([ctx.models.connections(), ctx.models.list()]);
  const targets = probeTargets(ctx.config);
  const probeIds = new Set(targets.map((t) => t.id));
  const configured = new Map(
    inUse.filter((c) => !probeIds.has(c.id)).map((c) => [serverKey(c.provider, c.baseUrl), c.id] as const),
  );
  const found = await Promise.all(
    targets.map(async (target): Promise<DetectedServer | null> => {
      const connectionId = configured.get(serverKey(target.provider, target.baseUrl)) ?? null;
      const listed = listing.servers.find((s) => s.connectionId === (connectionId ?? target.id));
      const count = listed ? (listed.reachable ? listed.modelCount : null) : await modelCount(ctx, target);
      if (count === null) return null;
      const name = inUse.find((c) => c.id === target.id)?.name ?? target.name;
      return { name, provider: target.provider, baseUrl: target.baseUrl, modelCount: count, connectionId };
    }),
  );
  return found.filter((d): d is DetectedServer => d !== null);
}
