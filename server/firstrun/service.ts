/**
 * The first-run guide's state, every step read from what is really there: a configured model
 * server that answers with models, more than one account, a reply in one of the admin's own
 * chats. Only "the admin hid the guide early" is stored (accounts/first-run-setting.ts).
 */
import type { FirstRunState } from '#common/first-run';
import type { AppContext } from '#server/context';
import { firstRunDismissed } from '#server/accounts/first-run-setting';
import { listUsers } from '#server/accounts/service';
import { hasCompleteReply } from '#server/conversations/service';
import { probeTargets } from '#server/providers/registry';
import { familyAddresses, type RequestOrigin } from './addresses';
import { detectServers } from './detect';

/** The guide as `adminId` sees it. */
export async function firstRunState(ctx: AppContext, adminId: string, origin: RequestOrigin): Promise<FirstRunState> {
  const probeIds = new Set(probeTargets(ctx.config).map((t) => t.id));
  const [dismissed, users, replied, listing] = await Promise.all([
    firstRunDismissed(ctx),
    listUsers(ctx),
    hasCompleteReply(ctx, adminId),
    ctx.models.list(),
  ]);
  // A probed server answers only while nothing is configured: adding one makes it stay.
  const servers = listing.servers
    .filter((s) => !probeIds.has(s.connectionId) && s.reachable && s.modelCount > 0)
    .map((s) => ({ id: s.connectionId, name: s.name, modelCount: s.modelCount }));
  const steps = { models: servers.length > 0, family: users.length > 1, firstMessage: replied };
  const show = !dismissed && !(steps.models && steps.family && steps.firstMessage);
  return {
    show,
    dismissed,
    steps,
    servers,
    // Asking the probe addresses costs a moment: only while the guide is on screen.
    detected: show ? await detectServers(ctx) : [],
    addresses: familyAddresses(ctx.config, origin),
  };
}
