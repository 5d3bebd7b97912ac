/** Who reads a reply's failure, for generation/failure-words.ts: the asker's role and whom a member should tell. */
import type { User } from '#common/auth';
import type { AppContext } from '#server/context';
import { householdAdminName } from '#server/accounts/service';
import type { FailureAudience } from '#server/generation/failure-words';

/** The audience of `user`'s own replies (an admin needs no one to ask: no lookup). */
export async function failureAudience(ctx: Pick<AppContext, 'db'>, user: User): Promise<FailureAudience> {
  if (user.role === 'admin') return { role: 'admin', adminName: null };
  return { role: 'member', adminName: await householdAdminName(ctx) };
}
