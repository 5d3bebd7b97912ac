/** Human names of audit actions, and the filter choices (single actions and whole groups). */
import { COMMAND_LINE_ACTOR_ID, auditActions, type AuditAction, type AuditEntry } from '#common/admin';

const labels: Record<AuditAction, string> = {
  'auth.login': 'Signed in',
  'auth.login_failed': 'Sign-in failed',
  'auth.logout': 'Signed out',
  'auth.password_changed': 'Changed password',
  'auth.token_created': 'Created API token',
  'auth.token_revoked': 'Revoked API token',
  'auth.signup': 'Signed up with an invite',
  'passkey.added': 'Added a passkey',
  'passkey.removed': 'Removed a passkey',
  'setup.completed': 'Set up Hearth',
  'user.created': 'Created user',
  'user.updated': 'Changed user',
  'user.role_changed': 'Changed role',
  'user.disabled': 'Disabled user',
  'user.enabled': 'Enabled user',
  'user.password_reset': 'Reset password',
  'user.deleted': 'Deleted user',
  'user.signed_out': 'Signed user out everywhere',
  'user.messages_cleared': "Cleared user's chats",
  'connection.created': 'Added model server',
  'connection.updated': 'Changed model server',
  'connection.deleted': 'Removed model server',
  'task.created': 'Added task',
  'task.updated': 'Changed task',
  'task.deleted': 'Deleted task',
  'settings.updated': 'Changed settings',
  'invite.created': 'Created invite',
  'invite.used': 'Invite used',
  'invite.revoked': 'Revoked invite',
  'data.export': 'Exported data',
  'room.deleted': 'Deleted a people-chat room',
  'people_chat.enabled': 'Turned people chat on',
  'people_chat.disabled': 'Turned people chat off',
  'music.scanned': 'Scanned a music folder',
  'music.imported': 'Imported a music catalogue',
  'family.updated': 'Changed family controls',
  'family.extra': 'Gave more for today',
  'family.flag_reviewed': 'Reviewed a safety flag',
  'family.transcript_viewed': 'Read a supervised conversation',
  'family.denied': 'Refused family access',
};

/** "Signed in" for "auth.login"; an unknown action as it is. */
export const actionLabel = (action: string): string =>
  Object.hasOwn(labels, action) ? labels[action as AuditAction] : action;

/** Actions that signal trouble, highlighted in the table. */
export const alarming = new Set<string>(['auth.login_failed', 'user.disabled', 'user.deleted', 'user.role_changed']);

const groupLabels: Record<string, string> = {
  'auth.': 'Sign-in and account',
  'passkey.': 'Passkeys',
  'user.': 'User management',
  'connection.': 'Model servers',
  'task.': 'Tasks',
  'invite.': 'Invites',
};

/** Options for the action filter: each group (a prefix) followed by its actions. */
export const actionFilterOptions: { group: string; prefix: string; actions: string[] }[] = Object.entries(
  groupLabels,
).map(([prefix, group]) => ({
  group,
  prefix,
  actions: auditActions.filter((a) => a.startsWith(prefix)),
}));

/** Actions in no group. */
export const otherActions = auditActions.filter((a) => !Object.keys(groupLabels).some((p) => a.startsWith(p)));

/** Who an entry names: "@mum", "deleted user", "the command line" (the server's operator), "anonymous". */
export const who = (u: AuditEntry['actor']): string =>
  u
    ? u.username
      ? `@${u.username}`
      : u.id === COMMAND_LINE_ACTOR_ID
        ? 'the command line'
        : 'deleted user'
    : 'anonymous';
