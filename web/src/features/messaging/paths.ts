/** Addresses of people chat: `/people` (the list) and `/r/<roomId>` (a room, `?m=` a message). */

/** The path of a room; with `messageId`, opened at that message. */
export const roomPath = (id: string, messageId?: string | null) =>
  `/r/${encodeURIComponent(id)}${messageId ? `?m=${encodeURIComponent(messageId)}` : ''}`;

export const PEOPLE_PATH = '/people';
