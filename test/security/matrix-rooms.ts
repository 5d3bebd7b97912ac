/**
 * People-chat fixtures for the security matrices: member's room (with the target user in it,
 * MARKER in its name and first message) and a file member posted there. Made once per Scope.
 */
import type { Scope } from './matrix-support';
import { MARKER } from './matrix-support';

/** A multipart body with one small PNG-named file, and its content type. */
export const UPLOAD_BOUNDARY = 'hearth-matrix-boundary';
export const uploadBody = () =>
  `--${UPLOAD_BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="photo.png"\r\n` +
  `Content-Type: image/png\r\n\r\nnot really a png\r\n--${UPLOAD_BOUNDARY}--\r\n`;
export const UPLOAD_HEADERS = { 'content-type': `multipart/form-data; boundary=${UPLOAD_BOUNDARY}` };

type MemberRoom = { id: string; messageId: string; uploadId: string; otherId: string };
const rooms = new WeakMap<Scope, Promise<MemberRoom>>();

/** Member's room, its first message and a posted file (made on first use in this scope). */
export function memberRoom(s: Scope): Promise<MemberRoom> {
  let room = rooms.get(s);
  if (!room) {
    room = (async () => {
      const otherId = await s.targetUserId();
      const created = await s.ok('member', 'POST', '/api/rooms', 201, { name: `Room ${MARKER}`, memberIds: [otherId] });
      const id = created.id as string;
      const up = await s.call('member', 'POST', '/api/uploads', uploadBody(), 'session', UPLOAD_HEADERS);
      if (up.statusCode !== 201) throw new Error(`fixture upload: ${up.statusCode} ${up.body}`);
      const uploadId = up.json<{ id: string }>().id;
      const message = await s.ok('member', 'POST', `/api/rooms/${id}/messages`, 201, {
        text: `Hello ${MARKER}`,
        attachmentIds: [uploadId],
      });
      return { id, messageId: message.id as string, uploadId, otherId };
    })();
    rooms.set(s, room);
  }
  return room;
}
