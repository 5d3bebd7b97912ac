/**
 * Audit entries in the app's language: the names of actions, the filter choices (single actions
 * and whole groups), who did it, and each entry as a sentence ("Mum changed Alice’s allowed
 * models"), built here from the entry's facts so it reads in German too. The words are in the
 * `admin` namespace; the `t` defaults to the app's current language.
 */
import type { TFunction } from 'i18next';
import { COMMAND_LINE_ACTOR_ID, auditActions, type AuditEntry } from '#common/admin';
import { currentLanguage, i18next } from '#web/lib/i18n';

/** The `admin` words in the app's language now. */
const adminT = (): TFunction => i18next.getFixedT(null, 'admin');

const known = new Set<string>(auditActions);

/** "Signed in" for "auth.login"; an unknown action as it is. */
export const actionLabel = (action: string, t: TFunction = adminT()): string =>
  known.has(action) ? t(`action.${action}`) : action;

/** Actions that signal trouble, highlighted in the table. */
export const alarming = new Set<string>(['auth.login_failed', 'user.disabled', 'user.deleted', 'user.role_changed']);

/** The groups of the filter: a prefix each, named by `group.<prefix>`. */
const GROUPS = ['auth', 'passkey', 'user', 'connection', 'task', 'invite'];

/** Options for the action filter: each group (a prefix) followed by its actions. */
export const actionFilterOptions = (
  t: TFunction = adminT(),
): { group: string; all: string; prefix: string; actions: string[] }[] =>
  GROUPS.map((name) => ({
    group: t(`group.${name}`),
    all: t(`groupAll.${name}`),
    prefix: `${name}.`,
    actions: auditActions.filter((a) => a.startsWith(`${name}.`)),
  }));

/** Actions in no group. */
export const otherActions = auditActions.filter((a) => !GROUPS.some((g) => a.startsWith(`${g}.`)));

/** Who an entry names: "@mum", "deleted user", "the command line" (the server's operator), "anonymous". */
export const who = (u: AuditEntry['actor'], t: TFunction = adminT()): string =>
  u
    ? u.username
      ? `@${u.username}`
      : u.id === COMMAND_LINE_ACTOR_ID
        ? t('who.commandLine')
        : t('who.deletedUser')
    : t('who.anonymous');

/** A person as a sentence names them. */
type Person = { id: string; username: string | null } | null;

const str = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);

/** Names that take only an apostrophe in the possessive ("James’", German "Max’"). */
const SIBILANT: Record<string, RegExp> = { en: /s$/i, de: /[sßxz]$/i };

/**
 * One entry as a sentence, never with ids, IPs or the code's field names. `displayNames` maps
 * user ids to display names (the admin's user list); without one, the username is used.
 */
export function auditSentence(
  entry: Pick<AuditEntry, 'action' | 'actor' | 'targetUser' | 'target' | 'detail'>,
  displayNames: ReadonlyMap<string, string> = new Map(),
  t: TFunction = adminT(),
  language: string = currentLanguage(),
): string {
  const d = entry.detail ?? {};
  const nameOf = (user: Person, fallback: string): string => {
    if (!user) return fallback;
    if (user.id === COMMAND_LINE_ACTOR_ID) return t('say.commandLine');
    return displayNames.get(user.id) || user.username || fallback;
  };
  const who = nameOf(entry.actor, t('say.someone'));
  const self = entry.targetUser !== null && entry.actor !== null && entry.targetUser.id === entry.actor.id;
  const whom = entry.targetUser
    ? nameOf(entry.targetUser, t('say.aDeletedAccount'))
    : (str(d.username) ?? t('say.aDeletedAccount'));
  const whose = t((SIBILANT[language] ?? SIBILANT.en!).test(whom) ? 'say.possessiveS' : 'say.possessive', {
    name: whom,
  });
  const quoted = (v: unknown) => (str(v) ? t('say.quoted', { name: str(v) }) : '');
  /** "display name and allowed models"; camelCase to words for a field it has no word for. */
  const fieldList = (fields: unknown, words: string): string => {
    const list = Array.isArray(fields) ? fields.filter((f): f is string => typeof f === 'string') : [];
    const named = list.map((f) =>
      t(`${words}.${f}`, { defaultValue: f.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase() }),
    );
    if (named.length === 0) return t('say.settings');
    if (named.length === 1) return named[0]!;
    return `${named.slice(0, -1).join(', ')} ${t('say.and')} ${named.at(-1)!}`;
  };
  const say = (key: string, values: Record<string, unknown> = {}) =>
    t(`say.${key}`, { who, whom, whose, ...values })
      .replace(/ {2,}/g, ' ')
      .trim();
  /** The sentence about a user's account, or its own-account form. */
  const about = (key: string, values: Record<string, unknown> = {}) => say(self ? `${key}Self` : key, values);

  switch (entry.action) {
    case 'auth.login':
      return say(d.method === 'passkey' ? 'loginPasskey' : 'login');
    case 'auth.login_failed':
      if (d.blocked === 'disabled') return say('loginPaused');
      if (d.method === 'passkey') return say('loginPasskeyFailed');
      if (d.unknownAccount !== undefined || !entry.targetUser) return say('loginUnknown');
      return say('loginWrongPassword');
    case 'auth.logout':
      return say(d.scope === 'other sessions' ? 'logoutElsewhere' : 'logout');
    case 'auth.password_changed':
      return say('passwordChanged');
    case 'auth.token_created': {
      const scopes: Record<string, string> = { models: 'scopeModels', chat: 'scopeChat', admin: 'scopeAdmin' };
      return say('tokenCreated', {
        name: quoted(d.name),
        scope: t(`say.${scopes[String(d.scope)] ?? 'scopeDefault'}`),
      });
    }
    case 'auth.token_revoked':
      return say('tokenRevoked');
    case 'auth.signup':
      return say('signup', { name: str(d.username) ?? who });
    case 'passkey.added':
      return say('passkeyAdded', { name: quoted(d.name) });
    case 'passkey.removed':
      return say('passkeyRemoved');
    case 'setup.completed':
      return say('setup');
    case 'user.created':
      return say(d.role === 'admin' ? 'createdAdmin' : d.supervised === true ? 'createdSupervised' : 'createdMember');
    case 'user.updated':
      return about('changed', { fields: fieldList(d.fields, 'userField') });
    case 'user.role_changed':
      return say(d.to === 'admin' ? 'madeAdmin' : 'madeMember');
    case 'user.disabled':
      return about('paused');
    case 'user.enabled':
      return about('resumed');
    case 'user.password_reset':
      return about('passwordReset');
    case 'user.deleted':
      return about('deleted');
    case 'user.signed_out':
      return say('signedOut');
    case 'user.messages_cleared':
      return about('cleared');
    case 'connection.created':
      return say('serverAdded', { name: quoted(d.name) });
    case 'connection.updated':
      return say('serverChanged', { name: quoted(d.name) });
    case 'connection.deleted':
      return say('serverRemoved', { name: quoted(d.name) });
    case 'task.created':
      return say('taskAdded', { name: quoted(d.name) });
    case 'task.updated':
      return say('taskChanged', { name: quoted(d.name), fields: fieldList(d.fields, 'taskField') });
    case 'task.deleted':
      return say('taskDeleted', { name: quoted(d.name) });
    case 'settings.updated':
      return say(d.signupMode === 'invite' ? 'signupInvite' : d.signupMode === 'off' ? 'signupOff' : 'settingsChanged');
    case 'invite.created':
      return say(d.role === 'admin' ? 'inviteAdmin' : 'inviteMember');
    case 'invite.used':
      return say('inviteUsed', { name: str(d.username) ?? t('say.someone') });
    case 'invite.revoked':
      return say('inviteRevoked');
    case 'data.export':
      return say('exported');
    case 'room.deleted':
      return say('roomDeleted');
    case 'people_chat.enabled':
      return say('peopleChatOn');
    case 'people_chat.disabled':
      return say('peopleChatOff');
    case 'music.scanned':
      return say('musicScanned', { name: quoted(entry.target) });
    case 'music.imported':
      return say('musicImported');
    case 'family.updated': {
      const fields = fieldList(d.fields, 'familyField');
      if (d.fullTranscripts === true) return say('transcriptsOn');
      if (d.fullTranscripts === false && Array.isArray(d.fields) && d.fields.join() === 'fullTranscripts')
        return say('transcriptsOff');
      return about('changed', { fields });
    }
    case 'family.extra': {
      const more = [
        typeof d.messages === 'number' ? t('say.moreMessages', { count: d.messages }) : null,
        typeof d.tokens === 'number' ? t('say.moreTokens', { count: d.tokens }) : null,
      ].filter(Boolean);
      return say('gaveMore', { more: more.join(` ${t('say.and')} `) || t('say.more') });
    }
    case 'family.flag_reviewed':
      return say('flagReviewed');
    case 'family.transcript_viewed':
      return say('transcriptRead');
    case 'family.denied': {
      const what = ['controls', 'flags', 'transcripts', 'usage'].includes(String(d.what)) ? String(d.what) : 'fallback';
      return about('refused', { what: t(`denied.${what}`) });
    }
    default:
      return say('other', { action: entry.action.replace(/[._]/g, ' ') });
  }
}
