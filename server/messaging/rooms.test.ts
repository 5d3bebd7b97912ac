import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Room } from '#common/messaging';
import { createUser, signedInUser, type Session } from '#test/helpers';
import { startPeopleWorld, type PeopleWorld } from './test-support';

/** A listed item, as far as these tests look at it. */
type Row = { id: string; text: string; username: string } & Record<string, unknown>;

let w: PeopleWorld;
let admin: Session;
beforeAll(async () => {
  w = await startPeopleWorld();
  admin = await signedInUser(w.t.app, { username: 'root', role: 'admin' });
});
afterAll(async () => w.close());

describe('rooms', () => {
  it('makes a room with its owner and members, listed for members only', async () => {
    const room = await w.room(w.anna, [w.ben], 'Weekend trip');
    expect(room.kind).toBe('room');
    expect(room.members.map((m) => [m.username, m.role])).toEqual([
      ['anna', 'owner'],
      ['ben', 'member'],
    ]);
    expect(room.lastSeq).toBe(0);
    const ben = await w.call(w.ben, 'GET', '/api/rooms');
    expect((ben.json.items as Row[]).map((r) => r.id)).toContain(room.id);
    const cleo = await w.call(w.cleo, 'GET', '/api/rooms');
    expect((cleo.json.items as Row[]).map((r) => r.id)).not.toContain(room.id);
  });

  it('refuses bad room input with 400 and writes nothing', async () => {
    const before = (await w.call(w.anna, 'GET', '/api/rooms')).json.items.length;
    for (const body of [{ name: '' }, { name: 'x'.repeat(81) }, { name: 'Ok', memberIds: ['nobody'] }, {}]) {
      const res = await w.call(w.anna, 'POST', '/api/rooms', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.json.error.code).toBe('validation_failed');
    }
    expect((await w.call(w.anna, 'GET', '/api/rooms')).json.items.length).toBe(before);
  });

  it('makes one direct room per pair, whoever opens it, and keeps its members fixed', async () => {
    const first = await w.call(w.anna, 'POST', '/api/rooms/direct', { userId: w.cleo.user.id });
    expect(first.status).toBe(201);
    const again = await w.call(w.anna, 'POST', '/api/rooms/direct', { userId: w.cleo.user.id });
    const other = await w.call(w.cleo, 'POST', '/api/rooms/direct', { userId: w.anna.user.id });
    expect([again.status, other.status]).toEqual([200, 200]);
    expect(again.json.id).toBe(first.json.id);
    expect(other.json.id).toBe(first.json.id);
    expect(first.json.name).toBe('Cleo');
    expect(other.json.name).toBe('Anna');
    const id = first.json.id as string;
    expect((await w.call(w.anna, 'POST', `/api/rooms/${id}/members`, { userId: w.ben.user.id })).status).toBe(409);
    expect((await w.call(w.anna, 'DELETE', `/api/rooms/${id}/members/${w.cleo.user.id}`)).status).toBe(409);
    expect((await w.call(w.anna, 'PATCH', `/api/rooms/${id}`, { name: 'Us' })).status).toBe(409);
    expect((await w.call(w.anna, 'POST', '/api/rooms/direct', { userId: w.anna.user.id })).status).toBe(400);
    expect((await w.call(w.anna, 'POST', '/api/rooms/direct', { userId: 'no-such-user' })).status).toBe(404);
  });

  it('lets the owner rename, add and remove; members only mute and leave', async () => {
    const room = await w.room(w.anna, [w.ben]);
    const renamed = await w.call(w.anna, 'PATCH', `/api/rooms/${room.id}`, {
      name: 'Kids’ homework',
      description: 'Maths',
    });
    expect(renamed.json).toMatchObject({ name: 'Kids’ homework', description: 'Maths' });
    expect((await w.call(w.ben, 'PATCH', `/api/rooms/${room.id}`, { name: 'Mine' })).status).toBe(403);
    const muted = await w.call(w.ben, 'PATCH', `/api/rooms/${room.id}`, { muted: true });
    expect(muted.json.muted).toBe(true);
    expect((await w.call(w.anna, 'GET', `/api/rooms/${room.id}`)).json.muted).toBe(false);
    expect((await w.call(w.ben, 'POST', `/api/rooms/${room.id}/members`, { userId: w.cleo.user.id })).status).toBe(403);
    expect((await w.call(w.anna, 'POST', `/api/rooms/${room.id}/members`, { userId: w.cleo.user.id })).status).toBe(
      204,
    );
    expect((await w.call(w.cleo, 'GET', `/api/rooms/${room.id}`)).status).toBe(200);
    expect((await w.call(w.ben, 'DELETE', `/api/rooms/${room.id}/members/${w.cleo.user.id}`)).status).toBe(403);
    expect((await w.call(w.anna, 'DELETE', `/api/rooms/${room.id}/members/${w.cleo.user.id}`)).status).toBe(204);
    expect((await w.call(w.cleo, 'GET', `/api/rooms/${room.id}`)).status).toBe(404);
    expect((await w.call(w.ben, 'DELETE', `/api/rooms/${room.id}/members/${w.ben.user.id}`)).status).toBe(204);
    expect((await w.call(w.ben, 'GET', `/api/rooms/${room.id}`)).status).toBe(404);
    expect((await w.call(w.ben, 'DELETE', `/api/rooms/${room.id}`)).status).toBe(404);
    expect((await w.call(w.anna, 'DELETE', `/api/rooms/${room.id}`)).status).toBe(204);
    expect((await w.call(w.anna, 'GET', `/api/rooms/${room.id}`)).status).toBe(404);
  });

  it('hands the room on when its owner leaves', async () => {
    const room = await w.room(w.anna, [w.ben, w.cleo]);
    expect((await w.call(w.anna, 'DELETE', `/api/rooms/${room.id}/members/${w.anna.user.id}`)).status).toBe(204);
    const now = await w.call(w.ben, 'GET', `/api/rooms/${room.id}`);
    expect((now.json as Room).members.find((m) => m.id === w.ben.user.id)!.role).toBe('owner');
  });

  it('answers 404 to a non-member (admins included) on every room route', async () => {
    const room = await w.room(w.anna, [w.ben]);
    const message = await w.post(w.anna, room.id, 'private plans');
    const r = `/api/rooms/${room.id}`;
    const routes: Array<[string, string, unknown?]> = [
      ['GET', r],
      ['PATCH', r, { muted: true }],
      ['DELETE', r],
      ['POST', `${r}/members`, { userId: w.cleo.user.id }],
      ['DELETE', `${r}/members/${w.ben.user.id}`],
      ['GET', `${r}/messages`],
      ['GET', `${r}/messages?since=0`],
      ['POST', `${r}/messages`, { text: 'let me in' }],
      ['PATCH', `${r}/messages/${message.id}`, { text: 'changed' }],
      ['DELETE', `${r}/messages/${message.id}`],
      ['PUT', `${r}/messages/${message.id}/reactions/${encodeURIComponent('👍')}`],
      ['DELETE', `${r}/messages/${message.id}/reactions/${encodeURIComponent('👍')}`],
      ['POST', `${r}/read`, { lastReadId: message.id }],
    ];
    for (const who of [w.cleo, admin]) {
      // An admin cannot add themselves either: the add route is the owner's, and they are no member.
      for (const [method, url, body] of [...routes, ['POST', `${r}/members`, { userId: who.user.id }] as const]) {
        const res = await w.call(who, method, url, body);
        expect(res.status, `${who.user.username} ${method} ${url}`).toBe(404);
        expect(res.json.error.code).toBe('not_found');
        expect(JSON.stringify(res.json)).not.toContain('private plans');
      }
    }
    const check = await w.call(w.anna, 'GET', `${r}/messages`);
    expect((check.json.items as Row[]).map((m) => m.text)).toEqual(['private plans']);
    expect((await w.call(w.anna, 'GET', r)).json.members).toHaveLength(2);
  });
});

describe('admin console', () => {
  it('lists rooms with counts and never content, and deletes one', async () => {
    const room = await w.room(w.anna, [w.ben, w.cleo], 'Secret surprise');
    await w.post(w.anna, room.id, 'the cake is in the garage');
    await w.post(w.ben, room.id, 'shh');
    const list = await w.call(admin, 'GET', '/api/admin/rooms');
    expect(list.status).toBe(200);
    const entry = (list.json.items as Row[]).find((x) => x.id === room.id);
    expect(entry).toMatchObject({ name: 'Secret surprise', memberCount: 3, messageCount: 2, kind: 'room' });
    expect(entry!.lastActivityAt).toEqual(expect.any(String));
    expect(JSON.stringify(list.json)).not.toContain('cake');
    expect((await w.call(w.anna, 'GET', '/api/admin/rooms')).status).toBe(403);
    expect((await w.call(w.anna, 'DELETE', `/api/admin/rooms/${room.id}`)).status).toBe(403);
    expect((await w.call(admin, 'DELETE', `/api/admin/rooms/${room.id}`)).status).toBe(204);
    expect((await w.call(w.anna, 'GET', `/api/rooms/${room.id}`)).status).toBe(404);
    expect((await w.call(admin, 'DELETE', `/api/admin/rooms/${room.id}`)).status).toBe(404);
  });

  it('turns people chat off for a member: 403 people_chat_off and not listed', async () => {
    const { user } = await createUser(w.t.app, { username: 'dora', password: 'correct horse battery staple' });
    const { login } = await import('#test/helpers');
    const dora = await login(w.t.app, user.username, 'correct horse battery staple');
    expect((await w.call(dora, 'GET', '/api/rooms')).status).toBe(200);
    const off = await w.call(admin, 'PUT', `/api/admin/users/${user.id}/people-chat`, { enabled: false });
    expect(off.json).toEqual({ userId: user.id, enabled: false });
    for (const [method, url] of [
      ['GET', '/api/rooms'],
      ['GET', '/api/people'],
      ['POST', '/api/rooms/direct'],
    ] as const) {
      const res = await w.call(dora, method, url, method === 'POST' ? { userId: w.anna.user.id } : undefined);
      expect(res.status).toBe(403);
      expect(res.json.error.code).toBe('people_chat_off');
    }
    const people = await w.call(w.anna, 'GET', '/api/people');
    expect((people.json.items as Row[]).map((p) => p.id)).not.toContain(user.id);
    expect((await w.call(w.anna, 'POST', '/api/rooms/direct', { userId: user.id })).status).toBe(400);
    expect((await w.call(admin, 'GET', `/api/admin/users/${user.id}/people-chat`)).json.enabled).toBe(false);
    await w.call(admin, 'PUT', `/api/admin/users/${user.id}/people-chat`, { enabled: true });
    expect((await w.call(dora, 'GET', '/api/rooms')).status).toBe(200);
    expect((await w.call(admin, 'PUT', '/api/admin/users/nobody/people-chat', { enabled: true })).status).toBe(404);
  });
});

describe('people', () => {
  it('lists everyone else with presence', async () => {
    const res = await w.call(w.anna, 'GET', '/api/people');
    expect(res.status).toBe(200);
    const names = (res.json.items as Row[]).map((p) => p.username);
    expect(names).toEqual(expect.arrayContaining(['ben', 'cleo']));
    expect(names).not.toContain('anna');
    expect(res.json.items[0].presence).toBe('offline');
    expect((await w.call(null, 'GET', '/api/people')).status).toBe(401);
  });
});
