/** The family-safety store on a real SQLite file: controls, guardians, extras and flags. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_FAMILY_CONTROLS } from '#common/family';
import { createTestApp, createUser, type TestApp } from '#test/helpers';
import * as store from './store';
import { familyControlsOf, supervisionFor } from './supervision';
import { todayUse } from './today';
import { householdDay } from '#server/safety/household-time';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => {
  await t.close();
});

describe('family store', () => {
  it('gives defaults until controls are saved, then reads them back merged with the allow-lists', async () => {
    const { user: child } = await createUser(t.app, { username: 'kid', supervised: true });
    const db = t.app.ctx.db;
    expect(await familyControlsOf(t.app.ctx, child.id)).toEqual(DEFAULT_FAMILY_CONTROLS);
    const stored = await store.readControls(db, child.id);
    await store.writeControls(db, child.id, { ...stored, dailyMessages: 20, ageBand: '9to12' }, '2026-12-03T10:00:00Z');
    const controls = await familyControlsOf(t.app.ctx, child.id);
    expect(controls.dailyMessages).toBe(20);
    expect(controls.ageBand).toBe('9to12');
    expect(controls.peopleChat).toBe(true);
  });

  it('keeps the good fields of damaged JSON and defaults the rest', async () => {
    const { user: child } = await createUser(t.app, { username: 'kid2', supervised: true });
    const db = t.app.ctx.db;
    await db
      .insertInto('familyControls')
      .values({ userId: child.id, controls: '{"dailyMessages": 5, "ageBand": "toddler"}', updatedAt: 'x' })
      .execute();
    const read = await store.readControls(db, child.id);
    expect(read.dailyMessages).toBe(5);
    expect(read.ageBand).toBeNull();
    await db.updateTable('familyControls').set({ controls: 'not json' }).execute();
    expect((await store.readControls(db, child.id)).dailyMessages).toBeNull();
  });

  it('links guardians both ways and only supervised members have supervision', async () => {
    const { user: mum } = await createUser(t.app, { username: 'mum' });
    const { user: kid } = await createUser(t.app, { username: 'kid3', supervised: true });
    await store.replaceGuardians(t.app.ctx.db, kid.id, [mum.id, mum.id], 'now');
    expect(await store.guardianIdsOf(t.app.ctx.db, kid.id)).toEqual([mum.id]);
    expect(await store.childIdsOf(t.app.ctx.db, mum.id)).toEqual([kid.id]);
    expect(await store.isGuardianOf(t.app.ctx.db, mum.id, kid.id)).toBe(true);
    expect(await store.isGuardianOf(t.app.ctx.db, kid.id, mum.id)).toBe(false);
    expect(await supervisionFor(t.app.ctx, mum)).toBeNull();
    expect((await supervisionFor(t.app.ctx, kid))?.guardianIds).toEqual([mum.id]);
  });

  it('adds extras per day and counts unreviewed flags', async () => {
    const { user: kid } = await createUser(t.app, { username: 'kid4', supervised: true });
    const db = t.app.ctx.db;
    await store.addExtras(db, kid.id, '2026-12-03', { messages: 10, tokens: 0 });
    await store.addExtras(db, kid.id, '2026-12-03', { messages: 5, tokens: 100 });
    expect(await store.extrasFor(db, kid.id, '2026-12-03')).toEqual({ messages: 15, tokens: 100 });
    expect(await store.extrasFor(db, kid.id, '2026-12-04')).toEqual({ messages: 0, tokens: 0 });
    const flag = (id: string, at: string): store.FlagRow => ({
      id,
      userId: kid.id,
      at,
      direction: 'input',
      category: 'profanity',
      excerpt: 'x'.repeat(600),
      conversationId: null,
      roomId: null,
      reviewedAt: null,
      reviewedBy: null,
    });
    await store.insertFlag(db, flag('a', '2026-12-03T10:00:00Z'));
    await store.insertFlag(db, flag('b', '2026-12-03T11:00:00Z'));
    expect((await store.findFlag(db, kid.id, 'a'))?.excerpt).toHaveLength(store.FLAG_EXCERPT_CHARS);
    expect((await store.listFlags(db, kid.id, { limit: 1 })).map((f) => f.id)).toEqual(['b']);
    expect(
      (await store.listFlags(db, kid.id, { limit: 5, before: { at: '2026-12-03T11:00:00Z', id: 'b' } })).map(
        (f) => f.id,
      ),
    ).toEqual(['a']);
    await store.markFlagReviewed(db, 'a', kid.id, 'later');
    expect((await store.unreviewedCounts(db, [kid.id])).get(kid.id)).toBe(1);
  });
});

describe('today', () => {
  it('counts today on the household clock and subtracts from the budget with extras', async () => {
    const { user: kid } = await createUser(t.app, { username: 'kid5', supervised: true });
    const db = t.app.ctx.db;
    const day = householdDay(new Date(), t.config.timeZone);
    await db
      .insertInto('usage')
      .values({ userId: kid.id, day, source: 'chat', requests: 4, promptTokens: 100, completionTokens: 50 })
      .execute();
    await store.addExtras(db, kid.id, day, { messages: 2, tokens: 0 });
    const today = await todayUse(t.app.ctx, kid.id, { dailyMessages: 5, dailyTokens: 100 });
    expect(today).toMatchObject({ day, messages: 4, tokens: 150, extraMessages: 2 });
    expect(today.remaining).toEqual({ messages: 3, tokens: 0 });
    expect(new Date(today.resetAt).getTime()).toBeGreaterThan(Date.now());
    const unlimited = await todayUse(t.app.ctx, kid.id, { dailyMessages: null, dailyTokens: null });
    expect(unlimited.remaining).toEqual({ messages: null, tokens: null });
  });
});
