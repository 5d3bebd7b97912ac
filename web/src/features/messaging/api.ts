/**
 * People chat's requests (API.md "People chat"): same origin, session cookie, the CSRF token on
 * writes, every reply parsed, every failure an `ApiError` with the server's plain-words message.
 */
import { z } from 'zod';
import { ApiError, apiErrorFromBody, retryAfterOf } from '#common/api-transport';
import { currentCsrfToken } from '#web/lib/api';
import { i18next } from '#web/lib/i18n';
import {
  type Attachment,
  AdminRoomList,
  MessagePage,
  PeopleChatAccess,
  RoomSearchHit,
  PeopleList,
  Room,
  RoomList,
  RoomMessage,
  Upload,
} from './types';

/** Only the room hits are read here: the conversation hits keep their own request. */
const SearchHits = z.object({ roomMessages: z.array(RoomSearchHit) });

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

async function failure(res: Response): Promise<ApiError> {
  const body: unknown = await res.json().catch(() => undefined);
  // Every fact the server gives (when quiet time ends, the upload limit…), for the app's own words.
  const fromBody = apiErrorFromBody(body, res.status, retryAfterOf(res));
  if (fromBody) return fromBody;
  if (res.status === 413) return new ApiError('too_large', i18next.t('messaging:api.tooLarge'), 413);
  if (res.status === 404) return new ApiError('not_found', i18next.t('messaging:api.notFound'), 404);
  return new ApiError('internal_error', i18next.t('messaging:api.serverAnswered', { status: res.status }), res.status);
}

async function request(method: Method, path: string, body?: unknown, signal?: AbortSignal): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  const init: RequestInit = { method, headers, credentials: 'same-origin', signal };
  if (body instanceof FormData) init.body = body;
  else if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const csrf = currentCsrfToken();
  if (method !== 'GET' && csrf) headers['X-CSRF-Token'] = csrf;
  let res: Response;
  try {
    res = await fetch(path, init);
  } catch (err) {
    if (signal?.aborted) throw new ApiError('aborted', i18next.t('messaging:api.cancelled'), 0);
    void err;
    throw new ApiError('network_error', i18next.t('messaging:api.unreachable'), 0);
  }
  if (!res.ok) throw await failure(res);
  return res;
}

async function json<S extends z.ZodType>(
  schema: S,
  method: Method,
  path: string,
  body?: unknown,
  signal?: AbortSignal,
) {
  const res = await request(method, path, body, signal);
  const data: unknown = await res.json().catch(() => undefined);
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.join('.');
    throw new ApiError('bad_response', i18next.t('messaging:api.badReply', { method, path, where }), 200);
  }
  return parsed.data;
}

const none = async (method: Method, path: string, body?: unknown) => {
  const res = await request(method, path, body);
  await res.body?.cancel();
};

const enc = encodeURIComponent;

/** A send as the outbox keeps it. */
export type SendBody = { text: string; replyToId?: string; clientId: string; attachmentIds?: string[] };

/** The people-chat API. */
export const messagingApi = {
  people: (signal?: AbortSignal) => json(PeopleList, 'GET', '/api/people', undefined, signal),
  rooms: (signal?: AbortSignal) => json(RoomList, 'GET', '/api/rooms', undefined, signal),
  room: (id: string) => json(Room, 'GET', `/api/rooms/${enc(id)}`),
  createRoom: (body: { name: string; description?: string; memberIds: string[] }) =>
    json(Room, 'POST', '/api/rooms', body),
  direct: (userId: string) => json(Room, 'POST', '/api/rooms/direct', { userId }),
  updateRoom: (id: string, body: { name?: string; description?: string; muted?: boolean }) =>
    json(Room, 'PATCH', `/api/rooms/${enc(id)}`, body),
  deleteRoom: (id: string) => none('DELETE', `/api/rooms/${enc(id)}`),
  addMember: (id: string, userId: string) => none('POST', `/api/rooms/${enc(id)}/members`, { userId }),
  removeMember: (id: string, userId: string) => none('DELETE', `/api/rooms/${enc(id)}/members/${enc(userId)}`),
  /** History, newest first (`before` a message id), or every change after `since`, oldest first. */
  messages: (id: string, query: { before?: string; since?: number; limit?: number }, signal?: AbortSignal) => {
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v !== undefined) qs.set(k, String(v));
    return json(MessagePage, 'GET', `/api/rooms/${enc(id)}/messages?${qs.toString()}`, undefined, signal);
  },
  send: (id: string, body: SendBody) => json(RoomMessage, 'POST', `/api/rooms/${enc(id)}/messages`, body),
  edit: (id: string, messageId: string, text: string) =>
    json(RoomMessage, 'PATCH', `/api/rooms/${enc(id)}/messages/${enc(messageId)}`, { text }),
  remove: (id: string, messageId: string) => none('DELETE', `/api/rooms/${enc(id)}/messages/${enc(messageId)}`),
  react: (id: string, messageId: string, emoji: string, on: boolean) =>
    none(on ? 'PUT' : 'DELETE', `/api/rooms/${enc(id)}/messages/${enc(messageId)}/reactions/${enc(emoji)}`),
  read: (id: string, lastReadId: string) => none('POST', `/api/rooms/${enc(id)}/read`, { lastReadId }),
  upload: (file: File): Promise<Attachment> => {
    const form = new FormData();
    form.append('file', file, file.name);
    return json(Upload, 'POST', '/api/uploads', form);
  },
  uploadUrl: (id: string) => `/api/uploads/${enc(id)}`,
  stop: (messageId: string) =>
    json(z.object({ message: RoomMessage }), 'POST', `/api/generations/${enc(messageId)}/stop`),
  adminRooms: () => json(AdminRoomList, 'GET', '/api/admin/rooms'),
  adminDeleteRoom: (id: string) => none('DELETE', `/api/admin/rooms/${enc(id)}`),
  peopleChatAccess: (userId: string) => json(PeopleChatAccess, 'GET', `/api/admin/users/${enc(userId)}/people-chat`),
  setPeopleChatAccess: (userId: string, enabled: boolean) =>
    json(PeopleChatAccess, 'PUT', `/api/admin/users/${enc(userId)}/people-chat`, { enabled }),
  /** The search box's room-message hits (`GET /api/search`: AI chats are listed as before). */
  search: (q: string, signal?: AbortSignal) =>
    json(SearchHits, 'GET', `/api/search?q=${enc(q)}&limit=20`, undefined, signal),
};
