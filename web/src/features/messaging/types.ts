/**
 * People chat's shapes as the web app reads them: the server's schemas (`common/messaging.ts`,
 * API.md "People chat"), and the WebSocket events of people chat out of the shared union.
 */
import type { ServerEvent } from '#common/events';

export {
  AdminRoom,
  AdminRoomList,
  Attachment,
  PeopleChatAccess,
  PeopleList,
  Person,
  Presence,
  Room,
  RoomList,
  RoomMessage,
  RoomMessagePage as MessagePage,
  RoomSearchHit,
  UploadReply as Upload,
} from '#common/messaging';
export type { PersonRef as Sender } from '#common/messaging';

/** The people-chat events a socket brings. */
export type PeopleEvent = Extract<
  ServerEvent,
  { type: 'room.message' | 'room.updated' | 'room.removed' | 'room.read' | 'room.delta' | 'presence' | 'typing' }
>;
