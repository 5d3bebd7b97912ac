/**
 * The family routes through the real app (real SQLite, the fake model server): guardians in the
 * admin console, the Family page's controls and extras, flags, usage by day and hour,
 * transcripts and the child's own view. Every id route is also called with someone else's id.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdminUser, AdminUserList, AuditList } from '#common/admin';
import type { ServerEvent } from '#common/events';
import { FamilyEntry, FamilyReply, FamilyUsageReply, FlagPage, SupervisionReply } from '#common/family';
import { ConversationDetail, ConversationPage } from '#common/conversations';
import { call } from '#server/admin/test-support';
import { userChannel } from '#server/realtime/bus';
import { householdDay, zonedParts } from '#server/safety/household-time';
import { startFakeModelServer, type FakeModelServer } from '#test/fakes/fake-model-server';
import { createTestApp, signedInUser, type Session, type TestApp } from '#test/helpers';
import * as store from './store';

const ZONE = 'Pacific/Auckland';
let fake: FakeModelServer;
let t: TestApp;
let admin: Session, mum: Session, dad: Session, adult: Session, kid: Session, kid2: Session;

beforeAll(async () => {
  fake = await startFakeModelServer();
  t = await createTestApp({ HEARTH_MODEL_SERVERS: `openai=${fake.openaiBaseUrl}`, HEARTH_TIMEZONE: ZONE });
  admin = await signedInUser(t.app, { username: 'boss', role: 'admin', displayName: 'Boss' });
  mum = await signedInUser(t.app, { username: 'mum', displayName: 'Mum' });
  dad = await signedInUser(t.app, { username: 'dad', displayName: 'Dad' });
  adult = await signedInUser(t.app, { username: 'uncle', displayName: 'Uncle' });
  kid = await signedInUser(t.app, { username: 'kid', supervised: true, displayName: 'Kid' });
  kid2 = await signedInUser(t.app, { username: 'kid2', supervised: true, displayName: 'Kid Two' });
  expect(
    (await call(t.app, admin, 'PATCH', `/api/admin/users/${kid.user.id}`, { guardianIds: [mum.user.id] })).statusCode,
  ).toBe(200);
  expect(
    (await call(t.app, admin, 'PATCH', `/api/admin/users/${kid2.user.id}`, { guardianIds: [dad.user.id] })).statusCode,
  ).toBe(200);
});
afterAll(async () => {
  await t.close();
  await fake.close();
});

type ErrorBody = { error: { code: string; field?: string; message: string } };
const err = (res: { json: <T>() => T }) => res.json<ErrorBody>().error;

/** The newest audit entries with this action. */
async function auditOf(action: string) {
  const res = await call(t.app, admin, 'GET', `/api/admin/audit?limit=50&action=${action}`);
  return AuditList.parse(res.json()).items;
}

/** Events published on a user's channel while `fn` runs. */
async function heard(userId: string, fn: () => Promise<unknown>): Promise<ServerEvent[]> {
  const events: ServerEvent[] = [];
  const off = t.app.ctx.bus.subscribe(userChannel(userId), (e) => events.push(e));
  try {
    await fn();
  } finally {
    off();
  }
  return events;
}

/** Sends one message in a new conversation as `s`; the conversation id. */
async function chat(s: Session, content: string): Promise<string> {
  const created = await call(t.app, s, 'POST', '/api/conversations', { model: 'env-1/fake-model' });
  expect(created.statusCode).toBe(201);
  const id = created.json<{ id: string }>().id;
  const sent = await call(t.app, s, 'POST', `/api/conversations/${id}/messages`, { content, stream: false });
  expect(sent.statusCode).toBe(200);
  return id;
}

describe('guardians in the admin console', () => {
  it('shows guardians in the user list and on the user; admins are not guardians by default', async () => {
    const list = AdminUserList.parse((await call(t.app, admin, 'GET', '/api/admin/users?limit=200')).json());
    const kidRow = list.items.find((u) => u.id === kid.user.id)!;
    expect(kidRow.guardians).toEqual([{ id: mum.user.id, username: 'mum', displayName: 'Mum' }]);
    expect(list.items.find((u) => u.id === adult.user.id)!.guardians).toEqual([]);
    const one = AdminUser.parse((await call(t.app, admin, 'GET', `/api/admin/users/${kid.user.id}`)).json());
    expect(one.guardians?.map((g) => g.id)).toEqual([mum.user.id]);
    expect(await store.isGuardianOf(t.app.ctx.db, admin.user.id, kid.user.id)).toBe(false);
    const [entry] = await auditOf('user.updated');
    expect(entry?.summary).toMatch(/changed Kid.*guardians/);
  });

  it('refuses guardians who are not adult members, naming the problem', async () => {
    const patch = (id: string, body: unknown) => call(t.app, admin, 'PATCH', `/api/admin/users/${id}`, body);
    const cases: [string, unknown, string, RegExp][] = [
      [kid.user.id, { guardianIds: [kid.user.id] }, 'guardianIds', /own guardian/],
      [kid.user.id, { guardianIds: [kid2.user.id] }, 'guardianIds', /supervised/],
      [kid.user.id, { guardianIds: ['01NOBODY0000000000000000AA'] }, 'guardianIds', /no member/],
      [adult.user.id, { guardianIds: [mum.user.id] }, 'guardianIds', /only a supervised member/],
      [kid.user.id, { guardianIds: [mum.user.id], supervised: false }, 'guardianIds', /only a supervised member/],
      [mum.user.id, { supervised: true }, 'supervised', /looks after/],
      [kid.user.id, { guardianIds: 'mum' }, 'guardianIds', /./],
    ];
    for (const [id, body, field, message] of cases) {
      const res = await patch(id, body);
      expect([JSON.stringify(body), res.statusCode, err(res).field]).toEqual([JSON.stringify(body), 400, field]);
      expect(err(res).message).toMatch(message);
    }
    expect(await store.guardianIdsOf(t.app.ctx.db, kid.user.id)).toEqual([mum.user.id]);
    // A member becomes supervised and gets guardians in one edit.
    const teen = await signedInUser(t.app, { username: 'teen' });
    const res = await patch(teen.user.id, { supervised: true, guardianIds: [mum.user.id, dad.user.id, mum.user.id] });
    expect(res.statusCode).toBe(200);
    expect(
      AdminUser.parse(res.json())
        .guardians?.map((g) => g.username)
        .sort(),
    ).toEqual(['dad', 'mum']);
  });

  it('un-supervising clears the guardians and turns full transcripts off; the child and guardians hear of it', async () => {
    const teen = await signedInUser(t.app, { username: 'teen2', supervised: true });
    await call(t.app, admin, 'PATCH', `/api/admin/users/${teen.user.id}`, { guardianIds: [mum.user.id] });
    expect((await call(t.app, mum, 'PATCH', `/api/family/${teen.user.id}`, { fullTranscripts: true })).statusCode).toBe(
      200,
    );
    const mumHeard: ServerEvent[] = [];
    const off = t.app.ctx.bus.subscribe(userChannel(mum.user.id), (e) => mumHeard.push(e));
    const teenHeard = await heard(teen.user.id, () =>
      call(t.app, admin, 'PATCH', `/api/admin/users/${teen.user.id}`, { supervised: false }),
    );
    off();
    expect(teenHeard).toContainEqual({ type: 'supervision.changed', fullTranscripts: false });
    expect(mumHeard).toContainEqual({ type: 'family.updated', childId: teen.user.id });
    expect(await store.guardianIdsOf(t.app.ctx.db, teen.user.id)).toEqual([]);
    expect((await store.readControls(t.app.ctx.db, teen.user.id)).fullTranscripts).toBe(false);
    // Now an adult: nothing of theirs on the Family routes.
    expect((await call(t.app, mum, 'GET', `/api/family/${teen.user.id}/usage`)).statusCode).toBe(404);
    const me = SupervisionReply.parse((await call(t.app, teen, 'GET', '/api/me/supervision')).json());
    expect(me.supervised).toBe(false);
  });
});

describe('GET /api/family', () => {
  it('lists the caller’s own supervised members; admins every one; adults none', async () => {
    const ofMum = FamilyReply.parse((await call(t.app, mum, 'GET', '/api/family')).json());
    expect(ofMum.items.map((e) => e.user.id)).toContain(kid.user.id);
    expect(ofMum.items.map((e) => e.user.id)).not.toContain(kid2.user.id);
    const entry = ofMum.items.find((e) => e.user.id === kid.user.id)!;
    expect(entry.guardians.map((g) => g.id)).toEqual([mum.user.id]);
    expect(entry.today.day).toBe(householdDay(new Date(), ZONE));
    const ofAdmin = FamilyReply.parse((await call(t.app, admin, 'GET', '/api/family')).json());
    expect(ofAdmin.items.map((e) => e.user.id)).toEqual(expect.arrayContaining([kid.user.id, kid2.user.id]));
    expect(ofAdmin.items.map((e) => e.user.id)).not.toContain(adult.user.id);
    expect(FamilyReply.parse((await call(t.app, adult, 'GET', '/api/family')).json()).items).toEqual([]);
    expect(FamilyReply.parse((await call(t.app, kid, 'GET', '/api/family')).json()).items).toEqual([]);
    expect((await call(t.app, null, 'GET', '/api/family')).statusCode).toBe(401);
  });
});

describe('PATCH /api/family/:userId', () => {
  it('changes controls at once, tells the child and guardians, and audits a readable summary', async () => {
    const body = {
      dailyMessages: 20,
      quietHours: [{ days: [0, 1, 2, 3, 4], from: '21:00', to: '07:00' }],
      taskIds: ['general'],
      modelIds: ['env-1/fake-model'],
      peopleChat: false,
      ageBand: '9to12',
      filter: { blockWords: ['dumb'] },
    };
    const permissions: string[] = [];
    const offPerm = t.app.ctx.bus.on('permissions.changed', ({ userId }) => permissions.push(userId));
    let res!: Awaited<ReturnType<typeof call>>;
    const mumHeard = await heard(mum.user.id, async () => {
      res = await call(t.app, mum, 'PATCH', `/api/family/${kid.user.id}`, body);
    });
    offPerm();
    expect(res.statusCode, res.body).toBe(200);
    const entry = FamilyEntry.parse(res.json());
    expect(entry.controls).toMatchObject({
      ...body,
      filter: { blockWords: ['dumb'], allowWords: [], moderationModel: null },
    });
    expect(permissions).toContain(kid.user.id);
    expect(mumHeard).toContainEqual({ type: 'family.updated', childId: kid.user.id });
    // Effective where it is enforced: the allow-list and the people-chat switch changed for real.
    const tasks = await call(t.app, kid, 'GET', '/api/tasks');
    expect(tasks.json<{ items: { id: string }[] }>().items.map((x) => x.id)).toEqual(['general']);
    expect((await call(t.app, kid, 'GET', '/api/rooms')).statusCode).toBe(403);
    const [audited] = await auditOf('family.updated');
    expect(audited?.summary).toMatch(/^Mum changed Kid’s .*daily message limit/);
    expect(audited?.summary).toContain('people chat');
    // Back on, so later tests start from a usable account.
    await call(t.app, mum, 'PATCH', `/api/family/${kid.user.id}`, { peopleChat: true, taskIds: null, modelIds: null });
  });

  it('only a guardian turns full transcripts on; the child is told; an admin can turn it off', async () => {
    const byAdmin = await call(t.app, admin, 'PATCH', `/api/family/${kid.user.id}`, { fullTranscripts: true });
    expect(byAdmin.statusCode).toBe(403);
    expect(err(byAdmin)).toMatchObject({ code: 'guardian_only', field: 'fullTranscripts' });
    const kidHeard = await heard(kid.user.id, () =>
      call(t.app, mum, 'PATCH', `/api/family/${kid.user.id}`, { fullTranscripts: true }),
    );
    expect(kidHeard).toContainEqual({ type: 'supervision.changed', fullTranscripts: true });
    expect((await auditOf('family.updated'))[0]?.summary).toBe('Mum turned on full transcripts for Kid');
    // Sending what is already on is no change, even from an admin.
    expect(
      (await call(t.app, admin, 'PATCH', `/api/family/${kid.user.id}`, { fullTranscripts: true })).statusCode,
    ).toBe(200);
    const off = await call(t.app, admin, 'PATCH', `/api/family/${kid.user.id}`, { fullTranscripts: false });
    expect(FamilyEntry.parse(off.json()).controls.fullTranscripts).toBe(false);
    expect((await auditOf('family.updated'))[0]?.summary).toBe('Boss turned off full transcripts for Kid');
  });

  it('refuses bad bodies naming the field', async () => {
    const cases: [unknown, string][] = [
      [{ quietHours: [{ days: [1], from: '25:00', to: '07:00' }] }, 'quietHours.0.from'],
      [{ quietHours: [{ days: [9], from: '21:00', to: '07:00' }] }, 'quietHours.0.days.0'],
      [{ dailyMessages: -1 }, 'dailyMessages'],
      [{ ageBand: 'baby' }, 'ageBand'],
      [{ directMessagesWith: ['01NOBODY0000000000000000AA'] }, 'directMessagesWith'],
      [{ directMessagesWith: [kid.user.id] }, 'directMessagesWith'],
      [{ filter: { blockWords: [''] } }, 'filter.blockWords.0'],
    ];
    for (const [body, field] of cases) {
      const res = await call(t.app, mum, 'PATCH', `/api/family/${kid.user.id}`, body);
      expect([JSON.stringify(body), res.statusCode, err(res).field]).toEqual([JSON.stringify(body), 400, field]);
    }
    const unknown = await call(t.app, mum, 'PATCH', `/api/family/${kid.user.id}`, { bedtime: '20:00' });
    expect(unknown.statusCode).toBe(400);
    expect(err(unknown).message).toMatch(/bedtime/);
  });

  it('is 404, and audited, for a child the caller does not guard, an adult, or nobody', async () => {
    const tries: [Session, string][] = [
      [dad, kid.user.id],
      [mum, adult.user.id],
      [admin, adult.user.id],
      [mum, mum.user.id],
      [kid, kid.user.id],
      [mum, '01NOBODY0000000000000000AA'],
    ];
    for (const [who, id] of tries) {
      const res = await call(t.app, who, 'PATCH', `/api/family/${id}`, { dailyMessages: 1 });
      expect([who.user.username, id, res.statusCode]).toEqual([who.user.username, id, 404]);
      const [denied] = await auditOf('family.denied');
      expect([denied?.actor?.id, denied?.target]).toEqual([who.user.id, id]);
    }
    expect((await auditOf('family.denied')).some((e) => e.summary === 'Dad was refused Kid’s family controls')).toBe(
      true,
    );
    expect((await store.readControls(t.app.ctx.db, adult.user.id)).dailyMessages).toBeNull();
  });
});

describe('POST /api/family/:userId/extra', () => {
  it('adds to today and answers the entry; bad bodies and other ids refused', async () => {
    await call(t.app, mum, 'PATCH', `/api/family/${kid.user.id}`, { dailyMessages: 3 });
    const res = await call(t.app, mum, 'POST', `/api/family/${kid.user.id}/extra`, { messages: 10 });
    expect(res.statusCode, res.body).toBe(200);
    const entry = FamilyEntry.parse(res.json());
    expect(entry.today.extraMessages).toBe(10);
    expect(entry.today.remaining.messages).toBe(13 - entry.today.messages);
    expect((await auditOf('family.extra'))[0]?.summary).toBe('Mum gave Kid 10 more messages for today');
    expect((await call(t.app, admin, 'POST', `/api/family/${kid.user.id}/extra`, { tokens: 500 })).statusCode).toBe(
      200,
    );
    for (const body of [{}, { messages: 0 }, { messages: 'ten' }, { minutes: 5 }]) {
      const bad = await call(t.app, mum, 'POST', `/api/family/${kid.user.id}/extra`, body);
      expect([JSON.stringify(body), bad.statusCode]).toEqual([JSON.stringify(body), 400]);
    }
    expect(err(await call(t.app, mum, 'POST', `/api/family/${kid.user.id}/extra`, { messages: 0 })).field).toBe(
      'messages',
    );
    expect((await call(t.app, dad, 'POST', `/api/family/${kid.user.id}/extra`, { messages: 1 })).statusCode).toBe(404);
    expect((await call(t.app, mum, 'POST', `/api/family/${adult.user.id}/extra`, { messages: 1 })).statusCode).toBe(
      404,
    );
    await call(t.app, mum, 'PATCH', `/api/family/${kid.user.id}`, { dailyMessages: null });
  });
});

describe('flags', () => {
  const flag = (id: string, userId: string, at: string): store.FlagRow => ({
    id,
    userId,
    at,
    direction: 'input',
    category: 'profanity',
    excerpt: `flagged ${id}`,
    conversationId: null,
    roomId: null,
    reviewedAt: null,
    reviewedBy: null,
  });

  it('lists a page at a time, reviews, and never reaches another child’s flag', async () => {
    const db = t.app.ctx.db;
    await store.insertFlag(db, flag('f1', kid.user.id, '2026-12-01T10:00:00.000Z'));
    await store.insertFlag(db, flag('f2', kid.user.id, '2026-12-02T10:00:00.000Z'));
    await store.insertFlag(db, flag('g1', kid2.user.id, '2026-12-02T11:00:00.000Z'));
    const first = FlagPage.parse((await call(t.app, mum, 'GET', `/api/family/${kid.user.id}/flags?limit=1`)).json());
    expect(first.items.map((f) => f.id)).toEqual(['f2']);
    expect(first.items[0]).not.toHaveProperty('conversationId');
    const next = await call(t.app, mum, 'GET', `/api/family/${kid.user.id}/flags?limit=1&cursor=${first.nextCursor}`);
    expect(FlagPage.parse(next.json())).toMatchObject({ items: [{ id: 'f1' }], nextCursor: null });
    const badCursor = await call(t.app, mum, 'GET', `/api/family/${kid.user.id}/flags?cursor=nonsense`);
    expect([badCursor.statusCode, err(badCursor).field]).toEqual([400, 'cursor']);
    expect((await call(t.app, mum, 'GET', `/api/family/${kid.user.id}/flags?limit=0`)).statusCode).toBe(400);

    // kid2's flag through kid's path, and kid's flags by someone who does not guard kid: 404.
    expect((await call(t.app, mum, 'POST', `/api/family/${kid.user.id}/flags/g1/review`)).statusCode).toBe(404);
    expect((await call(t.app, mum, 'POST', `/api/family/${kid2.user.id}/flags/g1/review`)).statusCode).toBe(404);
    expect((await call(t.app, dad, 'GET', `/api/family/${kid.user.id}/flags`)).statusCode).toBe(404);
    // Flags are the child's own words: guardians only, not the admin.
    expect((await call(t.app, admin, 'GET', `/api/family/${kid.user.id}/flags`)).statusCode).toBe(404);
    expect((await call(t.app, admin, 'POST', `/api/family/${kid.user.id}/flags/f1/review`)).statusCode).toBe(404);

    const before = FamilyReply.parse((await call(t.app, mum, 'GET', '/api/family')).json());
    expect(before.items.find((e) => e.user.id === kid.user.id)?.unreviewedFlags).toBe(2);
    const reviewed = await call(t.app, mum, 'POST', `/api/family/${kid.user.id}/flags/f1/review`);
    expect(reviewed.statusCode).toBe(204);
    expect((await store.findFlag(t.app.ctx.db, kid.user.id, 'f1'))?.reviewedBy).toBe(mum.user.id);
    expect((await store.findFlag(t.app.ctx.db, kid2.user.id, 'g1'))?.reviewedAt).toBeNull();
    const after = FlagPage.parse((await call(t.app, mum, 'GET', `/api/family/${kid.user.id}/flags`)).json());
    expect(after.items.find((f) => f.id === 'f1')?.reviewedAt).toBeTruthy();
    expect((await auditOf('family.flag_reviewed'))[0]?.summary).toBe('Mum marked a safety flag of Kid as reviewed');
  });
});

describe('GET /api/family/:userId/usage', () => {
  it('counts per household day and by hour of the household clock, from real sends', async () => {
    await chat(kid, 'What is a volcano?');
    await chat(kid, 'Why is the sky blue?');
    const res = await call(t.app, mum, 'GET', `/api/family/${kid.user.id}/usage?days=3`);
    expect(res.statusCode, res.body).toBe(200);
    const usage = FamilyUsageReply.parse(res.json());
    expect(usage.timeZone).toBe(ZONE);
    expect(usage.days).toHaveLength(3);
    expect(usage.days.at(-1)).toMatchObject({ day: householdDay(new Date(), ZONE), messages: 2 });
    expect(usage.days.at(-1)!.tokens).toBeGreaterThan(0);
    expect(usage.days[0]!.day).toBe(usage.from);
    const hour = zonedParts(new Date(), ZONE).hour;
    expect(usage.hours.reduce((a, b) => a + b, 0)).toBe(2);
    // The two sends happened a moment ago: in this hour of the household clock (or the one before, at :00).
    expect(usage.hours[hour]! + usage.hours[(hour + 23) % 24]!).toBe(2);
    expect(JSON.stringify(usage)).not.toContain('volcano');
    // An admin sees counts too; a guardian of someone else and anyone on an adult do not.
    expect((await call(t.app, admin, 'GET', `/api/family/${kid.user.id}/usage`)).statusCode).toBe(200);
    expect((await call(t.app, dad, 'GET', `/api/family/${kid.user.id}/usage`)).statusCode).toBe(404);
    expect((await call(t.app, admin, 'GET', `/api/family/${adult.user.id}/usage`)).statusCode).toBe(404);
    for (const q of ['days=0', 'days=91', 'days=many']) {
      const bad = await call(t.app, mum, 'GET', `/api/family/${kid.user.id}/usage?${q}`);
      expect([q, bad.statusCode, err(bad).field]).toEqual([q, 400, 'days']);
    }
  });
});

describe('transcripts', () => {
  it('only while full transcripts are on, only to guardians, only the child’s own conversations', async () => {
    const kidChat = await chat(kid, 'Help with my homework');
    const adultChat = await chat(adult, 'Private adult matter');
    const list = `/api/family/${kid.user.id}/conversations`;
    expect((await call(t.app, mum, 'GET', list)).statusCode).toBe(404);
    expect((await call(t.app, mum, 'GET', `${list}/${kidChat}`)).statusCode).toBe(404);
    await call(t.app, mum, 'PATCH', `/api/family/${kid.user.id}`, { fullTranscripts: true });

    const page = ConversationPage.parse((await call(t.app, mum, 'GET', list)).json());
    expect(page.items.map((c) => c.id)).toContain(kidChat);
    expect(page.items.map((c) => c.id)).not.toContain(adultChat);
    const detail = ConversationDetail.parse((await call(t.app, mum, 'GET', `${list}/${kidChat}`)).json());
    expect(detail.messages.map((m) => m.content)).toContain('Help with my homework');
    expect((await auditOf('family.transcript_viewed'))[0]?.summary).toBe(
      'Mum read a conversation of Kid (full transcripts)',
    );
    // Someone else's conversation id through the child's path; the admin; another guardian.
    expect((await call(t.app, mum, 'GET', `${list}/${adultChat}`)).statusCode).toBe(404);
    expect((await call(t.app, admin, 'GET', list)).statusCode).toBe(404);
    expect((await call(t.app, admin, 'GET', `${list}/${kidChat}`)).statusCode).toBe(404);
    expect((await call(t.app, dad, 'GET', `${list}/${kidChat}`)).statusCode).toBe(404);
    const bad = await call(t.app, mum, 'GET', `${list}?limit=500`);
    expect([bad.statusCode, err(bad).field]).toEqual([400, 'limit']);

    await call(t.app, mum, 'PATCH', `/api/family/${kid.user.id}`, { fullTranscripts: false });
    expect((await call(t.app, mum, 'GET', `${list}/${kidChat}`)).statusCode).toBe(404);
    const [denied] = await auditOf('family.denied');
    expect(denied?.summary).toBe('Mum was refused Kid’s conversations');
  });
});

describe('GET /api/me/supervision', () => {
  it('tells a child who their guardians are and exactly what they see; others are not supervised', async () => {
    const res = await call(t.app, kid, 'GET', '/api/me/supervision');
    const me = SupervisionReply.parse(res.json());
    expect(me).toMatchObject({
      supervised: true,
      guardians: [{ id: mum.user.id, displayName: 'Mum' }],
      canSee: { usage: true, flags: true, transcripts: false },
    });
    expect(me.controls).toBeDefined();
    expect(me.controls).not.toHaveProperty('filter');
    expect(me.today?.day).toBe(householdDay(new Date(), ZONE));
    await call(t.app, mum, 'PATCH', `/api/family/${kid.user.id}`, { fullTranscripts: true });
    const now = SupervisionReply.parse((await call(t.app, kid, 'GET', '/api/me/supervision')).json());
    expect(now.canSee.transcripts).toBe(true);
    await call(t.app, mum, 'PATCH', `/api/family/${kid.user.id}`, { fullTranscripts: false });

    const grown = SupervisionReply.parse((await call(t.app, adult, 'GET', '/api/me/supervision')).json());
    expect(grown).toEqual({
      supervised: false,
      guardians: [],
      canSee: { usage: false, flags: false, transcripts: false },
    });
    expect((await call(t.app, null, 'GET', '/api/me/supervision')).statusCode).toBe(401);
  });
});
