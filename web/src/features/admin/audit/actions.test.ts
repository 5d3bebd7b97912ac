/** Audit entries in words, in English (as the server says them) and in German. */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { COMMAND_LINE_ACTOR_ID, auditActions, type AuditEntry } from '#common/admin';
import { i18next, loadAllWords } from '#web/lib/i18n';
import { auditSummary } from '#server/safety/audit-summary';
import { actionFilterOptions, actionLabel, auditSentence, who } from './actions';

// Only the sign-in words are bundled; the admin words load when the signed-in app starts.
beforeAll(async () => {
  await loadAllWords();
  await i18next.loadLanguages('de');
});
afterEach(async () => {
  await i18next.changeLanguage('en');
});

const mum = { id: 'u-mum', username: 'mum' };
const alice = { id: 'u-alice', username: 'alice' };
const names = new Map([
  ['u-mum', 'Mum'],
  ['u-alice', 'Alice'],
]);
type Entry = Pick<AuditEntry, 'action' | 'actor' | 'targetUser' | 'target' | 'detail'>;
const entry = (action: string, detail: Record<string, unknown> | null, actor = mum, target = alice): Entry => ({
  action,
  actor,
  targetUser: target,
  target: target?.id ?? null,
  detail,
});
const en = (e: Entry) => auditSentence(e, names, i18next.getFixedT('en', 'admin'), 'en');
const de = (e: Entry) => auditSentence(e, names, i18next.getFixedT('de', 'admin'), 'de');

describe('audit entries in words', () => {
  it('names who did it: an account, a deleted one, the command line, or nobody', () => {
    expect(who({ id: 'u1', username: 'mum' })).toBe('@mum');
    expect(who({ id: 'u2', username: null })).toBe('deleted user');
    expect(who({ id: COMMAND_LINE_ACTOR_ID, username: null })).toBe('the command line');
    expect(who(null)).toBe('anonymous');
  });

  it('labels the sign-out the command line does', () => {
    expect(actionLabel('user.signed_out')).toBe('Signed user out everywhere');
  });

  it('names every action and every filter group in German', () => {
    const t = i18next.getFixedT('de', 'admin');
    for (const action of auditActions) expect(actionLabel(action, t)).not.toBe(`action.${action}`);
    expect(actionLabel('user.signed_out', t)).toBe('Benutzer überall abgemeldet');
    expect(actionFilterOptions(t).map((g) => g.all)).toContain('Alle: Anmeldung und Konto');
    expect(who(null, t)).toBe('anonym');
  });

  it('says each entry as the server’s English sentence', () => {
    const cases: Entry[] = [
      entry('user.updated', { username: 'alice', fields: ['modelIds'] }),
      entry('user.updated', { fields: ['displayName', 'supervised', 'taskIds'] }),
      entry('user.disabled', { username: 'alice' }),
      entry('user.role_changed', { from: 'member', to: 'admin' }),
      entry('user.password_reset', {}),
      entry('auth.token_created', { name: 'laptop', scope: 'chat' }, alice, alice),
      entry('auth.login_failed', { username: 'alice', blocked: 'disabled' }, null as never),
      entry('user.signed_out', { username: 'alice' }, { id: COMMAND_LINE_ACTOR_ID, username: null as never }),
      entry('family.updated', { fields: ['quietHours', 'dailyMessages'] }),
      entry('task.updated', { name: 'Homework', fields: ['systemPrompt'] }, mum, null as never),
      entry('settings.updated', { signupMode: 'invite' }, mum, null as never),
    ];
    for (const e of cases) {
      const named = (u: { id: string; username: string | null } | null) =>
        u ? { ...u, displayName: names.get(u.id) ?? null } : null;
      expect(en(e)).toBe(
        auditSummary({ action: e.action, actor: named(e.actor), targetUser: named(e.targetUser), detail: e.detail }),
      );
    }
  });

  it('says each entry in German, with names, not field names or ids', () => {
    expect(de(entry('user.updated', { username: 'alice', fields: ['modelIds'] }))).toBe(
      'Mum hat Alices erlaubte Modelle geändert',
    );
    expect(de(entry('user.updated', { fields: ['displayName', 'taskIds'] }))).toBe(
      'Mum hat Alices Anzeigenamen und erlaubte Aufgaben geändert',
    );
    expect(de(entry('user.disabled', {}, mum, { id: 'u-max', username: 'max' }))).toBe('Mum hat max’ Konto pausiert');
    expect(de(entry('user.role_changed', { to: 'admin' }))).toBe('Mum hat Alice zum Admin gemacht');
    expect(de(entry('family.extra', { messages: 5 }))).toBe('Mum hat Alice für heute 5 Nachrichten mehr gegeben');
    expect(de(entry('connection.created', { name: 'Wohnzimmer' }, mum, null as never))).toBe(
      'Mum hat den Modellserver „Wohnzimmer“ hinzugefügt',
    );
    expect(de(entry('auth.login', { method: 'passkey' }, alice, alice))).toBe(
      'Alice hat sich mit einem Passkey angemeldet',
    );
    expect(de(entry('user.password_reset', {}, mum, mum))).toBe('Mum hat sich selbst ein neues Passwort gesetzt');
  });
});
