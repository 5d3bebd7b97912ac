/** Cursor pagination shared by every list. */
import { z } from 'zod';

export const PageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(512).optional().describe('Opaque cursor from a previous page'),
});
export type PageQuery = z.infer<typeof PageQuery>;

/** `{items, nextCursor}` for any item schema. */
export const page = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });
