/**
 * Reconnect in the middle of a burst (issue 11): two members post 200 messages between them
 * (100 each, as fast as the server answers), a third member's socket is cut part-way, stays away
 * while more arrive, reconnects while the burst is still going and catches up with
 * `?since=<last seq it had>`, as the web app does. Keeping what it got the way a client does
 * (a message once, by id, shown by seq), it ends with every message exactly once, in the room's
 * order: no gap, each sender's messages in the order sent, and the same order the server has.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RoomMessage } from '#common/messaging';
import { startLiveApp, type LiveApp } from '#server/generation/test-support';
import { catchUp, connectMember, makeRoom, post, type RoomClient } from '#server/messaging/assistant-test-support';
import { signedInUser, type Session } from '#test/helpers';

const PER_SENDER = 100;
/** Messages each sender posts before the cut, while the reader is away, and after it is back. */
const BEFORE_CUT = 50;
const WHILE_AWAY = 30;

let t: LiveApp;
beforeEach(async () => {
  t = await startLiveApp(null, { HEARTH_RATE_LIMIT_API_PER_MINUTE: '0' });
});
afterEach(async () => {
  await t.close();
});

/** A gate the senders wait at until the test opens it. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

/**
 * A client's view of the room: each message kept once (by id), shown in seq order. Live events
 * of two concurrent posts may arrive in either order, so the catch-up point is the highest seq
 * up to which the view has every seq, not simply the highest seen.
 */
class RoomView {
  private readonly byId = new Map<string, RoomMessage>();
  private readonly seqs = new Set<number>();
  apply(message: RoomMessage): void {
    if (this.byId.has(message.id)) return; // seen live and again in catch-up
    this.byId.set(message.id, message);
    this.seqs.add(message.updatedSeq);
  }

  /** The `since` to catch up from. */
  get lastSeq(): number {
    let seq = 0;
    while (this.seqs.has(seq + 1)) seq += 1;
    return seq;
  }

  /** The messages as shown: once each, in seq order. */
  get shown(): RoomMessage[] {
    return [...this.byId.values()].sort((x, y) => x.seq - y.seq);
  }
}

describe('reconnect during a burst of 200 messages', () => {
  it('catches up with ?since= to every message exactly once, in order', async () => {
    const alice = await signedInUser(t.app, { username: 'alice' });
    const bob = await signedInUser(t.app, { username: 'bob' });
    const carol = await signedInUser(t.app, { username: 'carol' });
    const roomId = (await makeRoom(t, alice, [bob, carol])).id;
    const view = new RoomView();
    const roomMessages = (c: RoomClient, from = 0) =>
      c
        .all('room.message')
        .slice(from)
        .filter((e) => e.roomId === roomId);

    let reader = await connectMember(t, carol);
    const cut = gate();
    const back = gate();
    const send = async (s: Session, tag: string) => {
      for (let i = 0; i < PER_SENDER; i++) {
        if (i === BEFORE_CUT) await cut.opened;
        if (i === BEFORE_CUT + WHILE_AWAY) await back.opened;
        const { status } = await post(t, s, roomId, `${tag}-${i}`, `${tag}-${i}`);
        expect(status).toBe(201);
      }
    };
    const burst = Promise.all([send(alice, 'a'), send(bob, 'b')]);

    // Cut the socket once the first part has arrived, with the senders still going.
    await expect.poll(() => roomMessages(reader).length, { timeout: 30_000 }).toBe(2 * BEFORE_CUT);
    reader.ws.terminate();
    for (const e of roomMessages(reader)) view.apply(e.message);
    cut.open();

    // Away while more arrive (the senders stop at the next gate until the reader is back).
    await expect
      .poll(async () => (await catchUp(t, alice, roomId, 0)).length, { timeout: 30_000 })
      .toBe(2 * (BEFORE_CUT + WHILE_AWAY));

    // Back: the socket first (live events are buffered), then catch-up, while the burst goes on.
    reader = await connectMember(t, carol);
    back.open();
    const rooms = await t.app.inject({ method: 'GET', url: '/api/rooms', headers: { cookie: carol.cookie } });
    const room = rooms.json<{ items: { id: string; lastSeq: number }[] }>().items.find((r) => r.id === roomId)!;
    expect(room.lastSeq).toBeGreaterThan(view.lastSeq);
    const since = view.lastSeq;
    const missed = await catchUp(t, carol, roomId, since);
    expect(missed.length).toBeGreaterThanOrEqual(2 * WHILE_AWAY);
    expect(missed.every((m) => m.updatedSeq > since)).toBe(true);
    for (const m of missed) view.apply(m);
    await burst;
    // Then what the new socket delivered: with the catch-up, nothing may be missing (the socket
    // was open before the catch-up read, so every later message came live).
    const applyLive = () => {
      for (const e of roomMessages(reader)) view.apply(e.message);
      return view.shown.length;
    };
    await expect.poll(applyLive, { timeout: 30_000 }).toBe(2 * PER_SENDER);
    reader.ws.terminate();

    const shown = view.shown;
    const texts = shown.map((m) => m.text);
    expect(texts).toHaveLength(2 * PER_SENDER);
    expect(new Set(texts).size).toBe(2 * PER_SENDER);
    // The room's order: seqs 1…200 without a gap, and each sender's messages in the order sent.
    expect(shown.map((m) => m.seq)).toEqual(Array.from({ length: 2 * PER_SENDER }, (_, i) => i + 1));
    for (const tag of ['a', 'b'])
      expect(texts.filter((x) => x.startsWith(`${tag}-`))).toEqual(
        Array.from({ length: PER_SENDER }, (_, i) => `${tag}-${i}`),
      );
    // And it is the order everyone else has: the server's own record.
    expect(shown.map((m) => m.id)).toEqual((await catchUp(t, alice, roomId, 0)).map((m) => m.id));
  }, 120_000);
});
