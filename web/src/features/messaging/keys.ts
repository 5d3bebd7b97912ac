/** TanStack Query keys of people chat. */
export const messagingKeys = {
  all: ['messaging'] as const,
  rooms: ['messaging', 'rooms'] as const,
  people: ['messaging', 'people'] as const,
  adminRooms: ['admin', 'rooms'] as const,
};
