/**
 * Who may look at or change a supervised member through the family routes. A member who is not
 * supervised, a child the caller does not guard, and an id that is nobody all answer the same
 * 404, so the family routes never tell whether an adult exists or what they do — and every such
 * refusal is written to the audit log (`family.denied`), because trying is itself worth knowing.
 */
import type { User } from '#common/auth';
import type { AppContext } from '#server/context';
import { getUser, type Account } from '#server/accounts/service';
import { notFound } from '#server/errors';
import { audit } from '#server/safety/audit';
import { isGuardianOf } from './store';

/**
 * What a family route needs: `manage` (controls, extras, usage counts: a guardian or an admin)
 * or `guardian` (flags and transcripts, the child's own words: only their guardians).
 */
export type FamilyAccess = 'manage' | 'guardian';

/** The caller of a family route. */
export type FamilyCaller = { user: User; ip: string };

/** A supervised member the caller may reach, and whether the caller is one of their guardians. */
export type ReachedChild = { child: Account; isGuardian: boolean };

/** The one answer for "not yours to see", whatever the reason. */
const notAChild = () => notFound('That member');

/** Records a refused attempt: who tried what on whom (never any content). */
export async function auditDenied(
  ctx: Pick<AppContext, 'db' | 'log'>,
  caller: FamilyCaller,
  targetId: string,
  what: string,
): Promise<void> {
  await audit(ctx, {
    actorId: caller.user.id,
    ip: caller.ip,
    action: 'family.denied',
    target: targetId,
    detail: { what },
  });
}

/**
 * The supervised member `childId` if the caller has `access` to them; otherwise 404, audited.
 * `what` names the route's kind ("controls", "flags", "transcripts", "usage") for the log.
 */
export async function reachChild(
  ctx: Pick<AppContext, 'db' | 'log'>,
  caller: FamilyCaller,
  childId: string,
  access: FamilyAccess,
  what: string,
): Promise<ReachedChild> {
  const child = await getUser(ctx, childId);
  const isGuardian = child !== null && (await isGuardianOf(ctx.db, caller.user.id, child.id));
  const allowed =
    child !== null &&
    child.supervised &&
    child.id !== caller.user.id &&
    (isGuardian || (access === 'manage' && caller.user.role === 'admin'));
  if (!allowed) {
    await auditDenied(ctx, caller, childId, what);
    throw notAChild();
  }
  return { child, isGuardian };
}
