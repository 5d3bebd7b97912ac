/** The Family page's address, in its own small module so the sidebar need not load the page. */

/** `/family`, optionally with a member's card (and one of their conversations) open. */
export function familyPath(childId?: string | null, conversationId?: string | null): string {
  const q = new URLSearchParams();
  if (childId) q.set('child', childId);
  if (conversationId) q.set('c', conversationId);
  const s = q.toString();
  return s ? `/family?${s}` : '/family';
}
