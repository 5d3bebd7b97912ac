import { beforeAll, describe, expect, it, vi } from 'vitest';
import { loadAllWords } from '#web/lib/i18n';
import { firstUnreadId, isNewer, mergeMessages, placeDelta, senderColour, startsGroup } from './merge';
import { insertMention, matchMentions, mentionAt } from './mentions';
import { typingText } from './typing';
import { newClientId } from './clientId';
import type { RoomMessage } from './types';

// Only the sign-in words are bundled; people chat's load when the signed-in app starts.
beforeAll(() => loadAllWords());

const person = (id: string) => ({ id, username: id, displayName: id.toUpperCase() });
const msg = (id: string, seq: number, over: Partial<RoomMessage> = {}): RoomMessage => ({
  id,
  roomId: 'r',
  seq,
  updatedSeq: seq,
  kind: 'person',
  sender: person('alice'),
  text: id,
  mentions: [],
  reactions: [],
  attachments: [],
  createdAt: new Date(2026, 0, 1, 12, 0, seq).toISOString(),
  ...over,
});

describe('room messages merge by seq and updatedSeq', () => {
  it('keeps seq order whatever order messages arrive in, without duplicates', () => {
    const list = mergeMessages([], [msg('c', 3), msg('a', 1)]);
    const next = mergeMessages(list, [msg('b', 2), msg('a', 1)]);
    expect(next.map((m) => m.id)).toEqual(['a', 'b', 'c']);
  });

  it('an older change never undoes a newer one (a late event after an edit)', () => {
    const edited = msg('a', 1, { updatedSeq: 5, text: 'edited', editedAt: 'x' });
    const list = mergeMessages([msg('a', 1)], [edited]);
    const late = mergeMessages(list, [msg('a', 1, { updatedSeq: 3, text: 'stale' })]);
    expect(late[0]!.text).toBe('edited');
    expect(late).toBe(list); // nothing changed: same array, no re-render
    const tomb = mergeMessages(late, [msg('a', 1, { updatedSeq: 6, text: '', deletedAt: 'y' })]);
    expect(tomb[0]!.deletedAt).toBe('y');
  });

  it('a streaming reply of the same version is replaced only by a longer text', () => {
    const held = msg('s', 4, { kind: 'assistant', status: 'streaming', text: 'Hello wor' });
    expect(isNewer(held, { ...held, text: 'Hello' })).toBe(false);
    expect(isNewer(held, { ...held, text: 'Hello world' })).toBe(true);
    expect(isNewer(held, { ...held, updatedSeq: 9, status: 'complete', text: 'Hi' })).toBe(true);
  });

  it('places streamed text by offset: append, trim a repeat, report a gap', () => {
    expect(placeDelta('Hello', 5, ' world')).toEqual({ text: 'Hello world' });
    expect(placeDelta('Hello wo', 5, ' world')).toEqual({ text: 'Hello world' });
    expect(placeDelta('Hello world', 5, ' wor')).toBe('stale');
    expect(placeDelta('Hello', 9, 'x')).toBe('gap');
  });
});

describe('reading a room', () => {
  const list = [
    msg('a', 1),
    msg('b', 2, { sender: person('bob') }),
    msg('c', 3, { sender: person('me') }),
    msg('d', 4, { sender: person('bob') }),
  ];
  it('finds the first unread by the read marker, else by the unread count, skipping own messages', () => {
    expect(firstUnreadId(list, 'me', 2, 1)).toBe('b');
    expect(firstUnreadId(list, 'me', 2, undefined)).toBe('b');
    expect(firstUnreadId(list, 'me', 1, undefined)).toBe('d');
    expect(firstUnreadId(list, 'me', 0, undefined)).toBeNull();
    expect(firstUnreadId(list, 'me', 0, 4)).toBeNull();
  });

  it('groups messages by sender within five minutes, a reply starting its own group', () => {
    expect(startsGroup(undefined, list[0]!)).toBe(true);
    expect(startsGroup(list[0], msg('x', 2))).toBe(false);
    expect(startsGroup(list[0], list[1]!)).toBe(true);
    expect(startsGroup(list[0], msg('x', 2, { createdAt: '2027-01-01T00:00:00Z' }))).toBe(true);
    expect(startsGroup(list[0], msg('x', 2, { replyTo: { id: 'a', sender: null, text: '' } }))).toBe(true);
  });

  it('gives a sender the same colour every time', () => {
    expect(senderColour('u1')).toBe(senderColour('u1'));
    expect(new Set(['alice', 'bob', 'carol', 'dave', 'erin'].map((n) => senderColour(n))).size).toBeGreaterThan(1);
  });
});

describe('composer helpers', () => {
  it('sees an @mention being typed at the caret, and inserts the choice', () => {
    expect(mentionAt('hi @al', 6)).toEqual({ start: 3, query: 'al' });
    expect(mentionAt('@', 1)).toEqual({ start: 0, query: '' });
    expect(mentionAt('mail me@home', 12)).toBeNull();
    expect(insertMention('hi @al there', 3, 6, 'alice')).toEqual({ text: 'hi @alice  there', caret: 10 });
  });

  it('matches names first, then words of display names', () => {
    const options = [
      { name: 'alice', label: 'Alice Smith', hint: '' },
      { name: 'assistant', label: 'Assistant', hint: '' },
      { name: 'bob', label: 'Bob Adams', hint: '' },
    ];
    expect(matchMentions(options, 'a').map((o) => o.name)).toEqual(['alice', 'assistant', 'bob']);
    expect(matchMentions(options, 'sm').map((o) => o.name)).toEqual(['alice']);
  });

  it('says who is typing in plain words', () => {
    expect(typingText([])).toBe('');
    expect(typingText(['Alice'])).toBe('Alice is typing…');
    expect(typingText(['Alice', 'Bob'])).toBe('Alice and Bob are typing…');
    expect(typingText(['A', 'B', 'C'])).toBe('3 people are typing…');
  });

  it('makes client ids from getRandomValues (works outside a secure context)', () => {
    const uuid = vi.spyOn(crypto, 'randomUUID');
    const ids = new Set(Array.from({ length: 100 }, () => newClientId()));
    expect(ids.size).toBe(100);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(uuid).not.toHaveBeenCalled();
    uuid.mockRestore();
  });
});

describe('previews', () => {
  it('drops markdown marks from a one-line preview', async () => {
    const { preview } = await import('./notify');
    expect(preview(msg('p', 1, { text: 'Hi, **dinner** at `7`\n\n> [menu](http://x)' }))).toBe('Hi, dinner at 7 menu');
  });
});
