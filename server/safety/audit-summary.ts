/**
 * One audit entry as a sentence an admin reads ("Mum changed Alice's allowed models"), built
 * from the structured entry, so the admin console shows no raw field names or ids. Actions added
 * later that have no sentence here still read as "<who>: <action>".
 */
import { COMMAND_LINE_ACTOR_ID } from '#common/admin';

/** A person as the sentence names them. */
export type NamedUser = { id: string; username: string | null; displayName: string | null };

/** What a sentence is built from. */
export type SummaryInput = {
  action: string;
  actor: NamedUser | null;
  targetUser: NamedUser | null;
  detail: Record<string, unknown> | null;
};

const USER_FIELDS: Record<string, string> = {
  displayName: 'display name',
  supervised: 'supervision',
  modelIds: 'allowed models',
  taskIds: 'allowed tasks',
  guardianIds: 'guardians',
};

/** The Family page's controls, as a guardian calls them. */
const FAMILY_FIELDS: Record<string, string> = {
  ageBand: 'age band',
  quietHours: 'quiet hours',
  quietHoursPeopleChat: 'quiet hours for people chat',
  dailyMessages: 'daily message limit',
  dailyTokens: 'daily token limit',
  taskIds: 'allowed tasks',
  modelIds: 'allowed models',
  peopleChat: 'people chat',
  directMessagesWith: 'who they may message',
  allowTokens: 'API tokens',
  allowDeleteHistory: 'deleting history',
  fullTranscripts: 'full transcripts',
  filter: 'content filter',
};

/** What a refused family route was after, in words. */
const FAMILY_DENIED: Record<string, string> = {
  controls: 'family controls',
  flags: 'safety flags',
  transcripts: 'conversations',
  usage: 'usage',
};

const SCOPES: Record<string, string> = {
  models: 'other apps, models only',
  chat: 'terminal client',
  admin: 'admin',
};

/** "Mum"; "the command line"; "a deleted account"; "Someone" for no actor. */
function nameOf(user: NamedUser | null, fallback: string): string {
  if (!user) return fallback;
  if (user.id === COMMAND_LINE_ACTOR_ID) return 'The command line';
  return user.displayName ?? user.username ?? 'A deleted account';
}

/** "Alice's"; "their" when the actor acts on their own account. */
function possessive(name: string): string {
  return name.endsWith('s') ? `${name}’` : `${name}’s`;
}

/** "displayName, modelIds" → "display name and allowed models"; camelCase to words otherwise. */
function fieldList(fields: unknown, words: Record<string, string> = USER_FIELDS): string {
  const list = Array.isArray(fields) ? fields.filter((f): f is string => typeof f === 'string') : [];
  const named = list.map((f) => words[f] ?? f.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase());
  if (named.length === 0) return 'settings';
  if (named.length === 1) return named[0]!;
  return `${named.slice(0, -1).join(', ')} and ${named.at(-1)!}`;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);
const quoted = (v: unknown): string => (str(v) ? `“${str(v)}”` : '');

/** The sentence for one entry. Never includes ids, IPs or field names from the code. */
export function auditSummary(entry: SummaryInput): string {
  const d = entry.detail ?? {};
  const who = nameOf(entry.actor, 'Someone');
  const self = entry.targetUser !== null && entry.actor !== null && entry.targetUser.id === entry.actor.id;
  const whom = entry.targetUser
    ? nameOf(entry.targetUser, 'a deleted account')
    : (str(d.username) ?? 'a deleted account');
  const whose = self ? 'their' : possessive(whom);
  const method = d.method === 'passkey' ? ' with a passkey' : '';

  switch (entry.action) {
    case 'auth.login':
      return `${who} signed in${method}`;
    case 'auth.login_failed':
      if (d.blocked === 'disabled') return `${whom} tried to sign in, but the account is paused`;
      if (d.method === 'passkey') return 'A passkey sign-in failed';
      if (d.unknownAccount !== undefined || !entry.targetUser)
        return 'A sign-in for an account that does not exist failed';
      return `A sign-in as ${whom} failed (wrong password)`;
    case 'auth.logout':
      if (d.scope === 'other sessions') return `${who} signed out everywhere else`;
      return `${who} signed out`;
    case 'auth.password_changed':
      return `${who} changed their password`;
    case 'auth.token_created':
      return `${who} created the API token ${quoted(d.name)} (${SCOPES[String(d.scope)] ?? 'models only'})`.replace(
        '  ',
        ' ',
      );
    case 'auth.token_revoked':
      return `${who} revoked an API token`;
    case 'auth.signup':
      return `${str(d.username) ?? who} joined with an invite`;
    case 'passkey.added':
      return `${who} added a passkey ${quoted(d.name)}`.trim();
    case 'passkey.removed':
      return `${who} removed a passkey`;
    case 'setup.completed':
      return `${who} set up Hearth`;
    case 'user.created':
      return `${who} added ${whom} as ${d.role === 'admin' ? 'an admin' : d.supervised === true ? 'a supervised member' : 'a member'}`;
    case 'user.updated':
      return `${who} changed ${whose} ${fieldList(d.fields)}`;
    case 'user.role_changed':
      return `${who} made ${whom} ${d.to === 'admin' ? 'an admin' : 'a member'}`;
    case 'user.disabled':
      return `${who} paused ${whose} account`;
    case 'user.enabled':
      return `${who} turned ${whose} account back on`;
    case 'user.password_reset':
      return `${who} set a new password for ${self ? 'themself' : whom}`;
    case 'user.deleted':
      return `${who} deleted ${whose} account`;
    case 'user.signed_out':
      return `${who} signed ${whom} out everywhere`;
    case 'connection.created':
      return `${who} added the model server ${quoted(d.name)}`;
    case 'connection.updated':
      return `${who} changed the model server ${quoted(d.name)}`;
    case 'connection.deleted':
      return `${who} removed the model server ${quoted(d.name)}`;
    case 'task.created':
      return `${who} added the task ${quoted(d.name)}`;
    case 'task.updated':
      return `${who} changed the task ${quoted(d.name)} (${fieldList(d.fields, {})})`;
    case 'task.deleted':
      return `${who} deleted the task ${quoted(d.name)}`;
    case 'settings.updated':
      return d.signupMode === 'invite'
        ? `${who} turned on sign-up with invites`
        : d.signupMode === 'off'
          ? `${who} turned sign-up off`
          : `${who} changed the settings`;
    case 'invite.created':
      return `${who} created an invite for a new ${d.role === 'admin' ? 'admin' : 'member'}`;
    case 'invite.used':
      return `${str(d.username) ?? 'Someone'} used an invite`;
    case 'invite.revoked':
      return `${who} withdrew an invite`;
    case 'family.updated':
      if (d.fullTranscripts === true) return `${who} turned on full transcripts for ${whom}`;
      if (d.fullTranscripts === false && fieldList(d.fields, FAMILY_FIELDS) === 'full transcripts')
        return `${who} turned off full transcripts for ${whom}`;
      return `${who} changed ${whose} ${fieldList(d.fields, FAMILY_FIELDS)}`;
    case 'family.extra': {
      const more = [
        typeof d.messages === 'number' ? `${d.messages} more messages` : null,
        typeof d.tokens === 'number' ? `${d.tokens} more tokens` : null,
      ].filter(Boolean);
      return `${who} gave ${whom} ${more.join(' and ') || 'more'} for today`;
    }
    case 'family.flag_reviewed':
      return `${who} marked a safety flag of ${whom} as reviewed`;
    case 'family.transcript_viewed':
      return `${who} read a conversation of ${whom} (full transcripts)`;
    case 'family.denied':
      return `${who} was refused ${whose} ${FAMILY_DENIED[String(d.what)] ?? 'family page'}`;
    case 'data.export':
      return `${who} downloaded all their chats`;
    default:
      return `${who}: ${entry.action.replace(/[._]/g, ' ')}`;
  }
}
