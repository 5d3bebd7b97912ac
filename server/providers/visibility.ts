/** Whether a model is hidden from members: the seam other features (permissions) ask. */
import type { AppContext } from '#server/context';
import { isModelHidden } from './settings-store';

/** True when an admin hid the model (by id, "<connectionId>/<name>") from members. */
export function isHiddenFromMembers(ctx: Pick<AppContext, 'db'>, modelId: string): Promise<boolean> {
  return isModelHidden(ctx.db, modelId);
}
