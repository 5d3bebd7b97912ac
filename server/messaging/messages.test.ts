import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_ROOM_MESSAGE_CHARS, isEmoji, type Room, type RoomMessage, type SearchReply } from '#common/messaging';
import { signedInUser } from '#test/helpers';
import { startPeopleWorld, type PeopleWorld } from './test-support';

let w: PeopleWorld;
let family: Room;
let pair: Room;
beforeAll(async () => {
  w = await startPeopleWorld();
  family = await w.room(w.anna, [w.ben, w.cleo], 'Family');
  pair = await w.room(w.anna, [w.ben], 'Anna and Ben');
});
afterAll(async () => w.close());

const messagesOf = async (roomId: string, query = '') =>
  (await w.call(w.anna, 'GET', `/api/rooms/${roomId}/messages${query}`)).json as {
    items: RoomMessage[];
    nextCursor: string | null;
  };
const counts = async () => {
  const rows = await sql<{ n: number }>`SELECT
    (SELECT count(*) FROM room_messages) + (SELECT count(*) FROM room_reactions) + (SELECT count(*) FROM room_mentions) +
    (SELECT sum(last_seq) FROM rooms) AS n`.execute(w.t.app.ctx.db);
  return Number(rows.rows[0]!.n);
};

describe('posting', () => {
  it('numbers each change of a room in order, per room', async () => {
    const a = await w.post(w.anna, family.id, 'first');
    const b = await w.post(w.ben, family.id, 'second');
    const c = await w.post(w.anna, pair.id, 'elsewhere');
    expect(b.seq).toBe(a.seq + 1);
    expect(a.updatedSeq).toBe(a.seq);
    expect(c.seq).toBe(1);
    expect(b.sender).toEqual({ id: w.ben.user.id, username: 'ben', displayName: 'Ben' });
    const room = (await w.call(w.anna, 'GET', `/api/rooms/${family.id}`)).json as Room;
    expect(room.lastSeq).toBe(b.seq);
    expect(room.lastMessage?.id).toBe(b.id);
  });

  it('is idempotent on clientId: 201, then 200 with the same message and no duplicate', async () => {
    const body = { text: 'sent twice', clientId: 'c-123' };
    const first = await w.call(w.ben, 'POST', `/api/rooms/${family.id}/messages`, body);
    const again = await w.call(w.ben, 'POST', `/api/rooms/${family.id}/messages`, body);
    expect([first.status, again.status]).toEqual([201, 200]);
    expect(again.json).toEqual(first.json);
    expect((await messagesOf(family.id)).items.filter((m) => m.text === 'sent twice')).toHaveLength(1);
    // Another sender may use the same client id: ids are per sender.
    expect((await w.call(w.cleo, 'POST', `/api/rooms/${family.id}/messages`, body)).status).toBe(201);
    // The same id in another room is a conflict, not a silent answer about another room.
    expect((await w.call(w.ben, 'POST', `/api/rooms/${pair.id}/messages`, body)).status).toBe(409);
  });

  it('replies carry the quote; a reply target must be in the same room', async () => {
    const original = await w.post(w.anna, family.id, 'Who is cooking tonight?');
    const reply = await w.post(w.ben, family.id, 'Me!', { replyToId: original.id });
    expect(reply.replyTo).toEqual({
      id: original.id,
      sender: { id: w.anna.user.id, username: 'anna', displayName: 'Anna' },
      text: 'Who is cooking tonight?',
    });
    const elsewhere = await w.post(w.anna, pair.id, 'private');
    const before = await counts();
    for (const replyToId of [elsewhere.id, 'NO-SUCH-MESSAGE']) {
      const res = await w.call(w.ben, 'POST', `/api/rooms/${family.id}/messages`, { text: 'hm', replyToId });
      expect(res.status).toBe(400);
      expect(res.json.error.field).toBe('replyToId');
      expect(JSON.stringify(res.json)).not.toContain('private');
    }
    expect(await counts()).toBe(before);
  });

  it('refuses empty and oversized text with 400 and writes nothing', async () => {
    const before = await counts();
    for (const text of ['', '   \n ', 'x'.repeat(MAX_ROOM_MESSAGE_CHARS + 1)]) {
      const res = await w.call(w.anna, 'POST', `/api/rooms/${family.id}/messages`, { text });
      expect(res.status).toBe(400);
      expect(res.json.error.field).toBe('text');
    }
    for (const body of [{}, { text: 42 }, { text: 'ok', attachmentIds: ['nope'] }, { text: 'ok', clientId: '' }]) {
      expect((await w.call(w.anna, 'POST', `/api/rooms/${family.id}/messages`, body)).status).toBe(400);
    }
    expect(await counts()).toBe(before);
    expect((await w.post(w.anna, family.id, 'x'.repeat(MAX_ROOM_MESSAGE_CHARS))).text).toHaveLength(
      MAX_ROOM_MESSAGE_CHARS,
    );
  });

  it('parses @mentions of members only, outside code', async () => {
    const m = await w.post(w.anna, pair.id, 'Hey @ben and @cleo, `@ben` again, mail me@anna.org. Thanks @BEN.');
    expect(m.mentions).toEqual([w.ben.user.id]); // cleo is not in this room
    const n = await w.post(w.anna, family.id, '@cleo @ben: dinner! @anna');
    expect([...n.mentions].sort()).toEqual([w.cleo.user.id, w.ben.user.id].sort());
  });
});

describe('history and catch-up', () => {
  it('pages history newest first with before, and catches up with since in current state', async () => {
    const room = await w.room(w.anna, [w.ben], 'Paging');
    const posted: RoomMessage[] = [];
    for (let i = 0; i < 5; i++) posted.push(await w.post(i % 2 ? w.ben : w.anna, room.id, `m${i}`));
    const page1 = await messagesOf(room.id, '?limit=2');
    expect(page1.items.map((m) => m.text)).toEqual(['m4', 'm3']);
    const page2 = await messagesOf(room.id, `?limit=2&before=${page1.nextCursor}`);
    expect(page2.items.map((m) => m.text)).toEqual(['m2', 'm1']);
    const page3 = await messagesOf(room.id, `?limit=2&before=${page2.nextCursor}`);
    expect(page3.items.map((m) => m.text)).toEqual(['m0']);
    expect(page3.nextCursor).toBeNull();

    const mark = posted[4]!.seq;
    await w.call(w.anna, 'PATCH', `/api/rooms/${room.id}/messages/${posted[0]!.id}`, { text: 'm0 edited' });
    await w.call(w.ben, 'DELETE', `/api/rooms/${room.id}/messages/${posted[1]!.id}`);
    await w.call(w.ben, 'PUT', `/api/rooms/${room.id}/messages/${posted[2]!.id}/reactions/${encodeURIComponent('🎉')}`);
    const late = await w.post(w.ben, room.id, 'm5');
    const since = await messagesOf(room.id, `?since=${mark}`);
    expect(since.items.map((m) => m.id)).toEqual([posted[0]!.id, posted[1]!.id, posted[2]!.id, late.id]);
    expect(since.items.map((m) => m.updatedSeq)).toEqual([mark + 1, mark + 2, mark + 3, mark + 4]);
    expect(since.items[0]).toMatchObject({ text: 'm0 edited', editedAt: expect.any(String) });
    expect(since.items[1]).toMatchObject({ text: '', deletedAt: expect.any(String), sender: { username: 'ben' } });
    expect(since.items[2]!.reactions).toEqual([{ emoji: '🎉', userIds: [w.ben.user.id] }]);
    const partial = await messagesOf(room.id, `?since=${mark}&limit=3`);
    expect(partial.nextCursor).toBe(String(mark + 3));
    expect((await messagesOf(room.id, `?since=${partial.nextCursor}`)).items.map((m) => m.id)).toEqual([late.id]);
    const both = await w.call(w.anna, 'GET', `/api/rooms/${room.id}/messages?since=1&before=${late.id}`);
    expect(both.status).toBe(400);
    expect((await w.call(w.anna, 'GET', `/api/rooms/${room.id}/messages?since=-1`)).status).toBe(400);
    expect((await w.call(w.anna, 'GET', `/api/rooms/${room.id}/messages?before=nope`)).status).toBe(400);
  });
});

describe('edits, deletions, reactions', () => {
  it('lets only the sender edit or delete, and keeps a tombstone', async () => {
    const m = await w.post(w.ben, family.id, 'typo hre');
    expect((await w.call(w.anna, 'PATCH', `/api/rooms/${family.id}/messages/${m.id}`, { text: 'hacked' })).status).toBe(
      403,
    );
    expect((await w.call(w.anna, 'DELETE', `/api/rooms/${family.id}/messages/${m.id}`)).status).toBe(403);
    expect((await w.call(w.ben, 'PATCH', `/api/rooms/${family.id}/messages/${m.id}`, { text: '' })).status).toBe(400);
    const edited = await w.call(w.ben, 'PATCH', `/api/rooms/${family.id}/messages/${m.id}`, {
      text: 'typo here @cleo',
    });
    expect(edited.json).toMatchObject({ text: 'typo here @cleo', mentions: [w.cleo.user.id] });
    expect(edited.json.updatedSeq).toBeGreaterThan(m.updatedSeq);
    expect((await w.call(w.ben, 'DELETE', `/api/rooms/${family.id}/messages/${m.id}`)).status).toBe(204);
    const [tomb] = (await messagesOf(family.id, `?since=${edited.json.updatedSeq}`)).items;
    expect(tomb).toMatchObject({ id: m.id, text: '', mentions: [], deletedAt: expect.any(String) });
    expect((await w.call(w.ben, 'PATCH', `/api/rooms/${family.id}/messages/${m.id}`, { text: 'back' })).status).toBe(
      409,
    );
    expect((await w.call(w.ben, 'DELETE', `/api/rooms/${family.id}/messages/${m.id}`)).status).toBe(409);
    expect((await w.call(w.ben, 'PATCH', `/api/rooms/${family.id}/messages/NOPE`, { text: 'x' })).status).toBe(404);
  });

  it('adds and removes reactions with real emoji only; a repeat is no change', async () => {
    const m = await w.post(w.anna, family.id, 'Pizza?');
    const url = (e: string) => `/api/rooms/${family.id}/messages/${m.id}/reactions/${encodeURIComponent(e)}`;
    expect((await w.call(w.ben, 'PUT', url('👍🏽'))).status).toBe(204);
    expect((await w.call(w.cleo, 'PUT', url('👍🏽'))).status).toBe(204);
    expect((await w.call(w.cleo, 'PUT', url('🇫🇷'))).status).toBe(204);
    const seq = (await w.call(w.anna, 'GET', `/api/rooms/${family.id}`)).json.lastSeq as number;
    expect((await w.call(w.cleo, 'PUT', url('🇫🇷'))).status).toBe(204);
    expect((await w.call(w.anna, 'GET', `/api/rooms/${family.id}`)).json.lastSeq).toBe(seq);
    const before = await counts();
    for (const bad of ['a', 'lol', '👍👍', '<script>', ' ', '1', '👍x']) {
      const res = await w.call(w.ben, 'PUT', url(bad));
      expect(res.status, bad).toBe(400);
      expect(res.json.error.field).toBe('emoji');
    }
    expect(await counts()).toBe(before);
    expect((await w.call(w.cleo, 'DELETE', url('👍🏽'))).status).toBe(204);
    const [now] = (await messagesOf(family.id, `?since=${seq}`)).items;
    expect(now!.reactions).toEqual([
      { emoji: '👍🏽', userIds: [w.ben.user.id] },
      { emoji: '🇫🇷', userIds: [w.cleo.user.id] },
    ]);
    expect(isEmoji('👨‍👩‍👧')).toBe(true);
  });
});

describe('unread, mentions and read markers', () => {
  it('counts others’ messages after the marker, mentions apart, and marks read', async () => {
    const room = await w.room(w.anna, [w.ben, w.cleo], 'Counting');
    const roomOf = async (who: typeof w.anna) => (await w.call(who, 'GET', `/api/rooms/${room.id}`)).json as Room;
    await w.post(w.anna, room.id, 'one');
    await w.post(w.anna, room.id, 'two @ben');
    const three = await w.post(w.cleo, room.id, 'three @ben @anna');
    expect(await roomOf(w.ben)).toMatchObject({ unread: 3, mentions: 2 });
    expect(await roomOf(w.anna)).toMatchObject({ unread: 1, mentions: 1 }); // her own post marked hers read
    expect(await roomOf(w.cleo)).toMatchObject({ unread: 0, mentions: 0 });
    const list = (await w.call(w.ben, 'GET', '/api/rooms')).json.items as Room[];
    expect(list[0]!.id).toBe(room.id); // most recent activity first
    const second = (await w.call(w.anna, 'GET', `/api/rooms/${room.id}/messages?limit=3`)).json.items[1] as RoomMessage;
    expect((await w.call(w.ben, 'POST', `/api/rooms/${room.id}/read`, { lastReadId: second.id })).status).toBe(204);
    expect(await roomOf(w.ben)).toMatchObject({ unread: 1, mentions: 1 });
    // Never backwards.
    const first = (await w.call(w.anna, 'GET', `/api/rooms/${room.id}/messages?limit=3`)).json.items[2] as RoomMessage;
    await w.call(w.ben, 'POST', `/api/rooms/${room.id}/read`, { lastReadId: first.id });
    expect(await roomOf(w.ben)).toMatchObject({ unread: 1, mentions: 1 });
    await w.call(w.ben, 'POST', `/api/rooms/${room.id}/read`, { lastReadId: three.id });
    expect(await roomOf(w.ben)).toMatchObject({ unread: 0, mentions: 0, lastReadSeq: three.seq });
    // A deleted message is no longer unread.
    const gone = await w.post(w.cleo, room.id, 'oops @ben');
    expect(await roomOf(w.ben)).toMatchObject({ unread: 1, mentions: 1 });
    await w.call(w.cleo, 'DELETE', `/api/rooms/${room.id}/messages/${gone.id}`);
    expect(await roomOf(w.ben)).toMatchObject({ unread: 0, mentions: 0 });
    const bad = await w.call(w.ben, 'POST', `/api/rooms/${room.id}/read`, { lastReadId: 'elsewhere' });
    expect(bad.status).toBe(400);
  });
});

describe('former members', () => {
  it('keeps a deleted account’s messages with sender null', async () => {
    const dan = await signedInUser(w.t.app, { username: 'dan' });
    const room = await w.room(w.anna, [dan], 'With Dan');
    const m = await w.post(dan, room.id, 'bye all');
    const reply = await w.post(w.anna, room.id, 'bye Dan', { replyToId: m.id });
    const admin = await signedInUser(w.t.app, { username: 'dans-admin', role: 'admin' });
    expect((await w.call(admin, 'DELETE', `/api/admin/users/${dan.user.id}`)).status).toBe(204);
    const items = (await messagesOf(room.id)).items;
    expect(items.find((x) => x.id === m.id)).toMatchObject({ text: 'bye all', sender: null });
    expect(items.find((x) => x.id === reply.id)!.replyTo).toMatchObject({ sender: null, text: 'bye all' });
    expect((await w.call(w.anna, 'GET', `/api/rooms/${room.id}`)).json.members).toHaveLength(1);
  });
});

describe('search', () => {
  it('finds room messages only in the caller’s rooms, through GET /api/search', async () => {
    await w.post(w.anna, pair.id, 'The zeppelin tickets are booked');
    await w.post(w.anna, family.id, 'Zeppelin museum on Sunday?');
    const ben = await w.call(w.ben, 'GET', '/api/search?q=zeppel');
    expect(ben.status).toBe(200);
    const hits = (ben.json as SearchReply).roomMessages;
    expect(hits.map((h) => h.roomId).sort()).toEqual([family.id, pair.id].sort());
    const hit = hits.find((h) => h.roomId === pair.id)!;
    expect(hit).toMatchObject({ roomName: 'Anna and Ben', sender: { username: 'anna' } });
    const [mark] = hit.snippetHighlights;
    expect(hit.snippet.slice(mark!.start, mark!.end).toLowerCase()).toBe('zeppelin');
    const cleo = await w.call(w.cleo, 'GET', '/api/search?q=zeppelin');
    expect((cleo.json as SearchReply).roomMessages.map((h) => h.roomId)).toEqual([family.id]);
    expect(JSON.stringify(cleo.json)).not.toContain('tickets');
    expect(Array.isArray(cleo.json.conversations)).toBe(true);
    // Deleted messages leave the index.
    const m = await w.post(w.cleo, family.id, 'quokka sighting');
    expect((await w.call(w.ben, 'GET', '/api/search?q=quokka')).json.roomMessages).toHaveLength(1);
    await w.call(w.cleo, 'DELETE', `/api/rooms/${family.id}/messages/${m.id}`);
    expect((await w.call(w.ben, 'GET', '/api/search?q=quokka')).json.roomMessages).toHaveLength(0);
    expect((await w.call(w.ben, 'GET', '/api/search?q=')).json).toEqual({ conversations: [], roomMessages: [] });
    expect((await w.call(w.ben, 'GET', '/api/search?q=%22%20OR%20*')).status).toBe(200);
  });
});
