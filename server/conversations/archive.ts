/**
 * "Download all my data" (`GET /api/me/export`): one ZIP with the caller's account, usage and
 * every conversation — each as Hearth JSON (importable on its own) and as Markdown. Account
 * data comes through the accounts, auth and safety features' own functions; nothing secret is
 * written (no password hash, no token or passkey secret: names and dates only).
 */
import type { User } from '#common/auth';
import type { AppContext } from '#server/context';
import { getUser } from '#server/accounts/service';
import { allowListsOf } from '#server/accounts/permissions';
import { listApiTokens } from '#server/auth/api-tokens';
import { listPasskeys } from '#server/auth/passkeys';
import { myUsage } from '#server/safety/usage';
import { safeFileName } from './download';
import { conversationJson, conversationJsonText } from './export-json';
import type { ExportLocale } from './export-locale';
import { conversationMarkdown } from './export-markdown';
import * as store from './store';
import type { ZipEntry } from './zip';

/** Days of usage counters in the archive (the longest range the usage API serves). */
const USAGE_DAYS = 366;

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

function readme(user: User, exportedAt: string, conversations: number, locale: ExportLocale): string {
  return [
    `Hearth data export for ${user.displayName} (${user.username}), made ${exportedAt}.`,
    '',
    'account.json          your account: profile, role, settings, what you may use, and the names and',
    '                      dates of your API tokens and passkeys (never their secrets)',
    'usage.json            replies and tokens per day over the last year',
    `conversations/        your ${conversations} conversation${conversations === 1 ? '' : 's'}, each twice:`,
    '  <title>-<id>.json   every branch, in Hearth\'s format: import it in Hearth (sidebar, "Import…")',
    '  <title>-<id>.md     the branch that was on screen, to read',
    '',
    `Times in the .json files are UTC (ISO 8601); the .md files show them in ${locale.timeZone}.`,
    '',
  ].join('\n');
}

/** The account part: profile, settings, allow-lists, token and passkey names and dates. */
async function accountJson(ctx: AppContext, user: User, exportedAt: string): Promise<string> {
  const [account, tokens, passkeys, allowed] = await Promise.all([
    getUser(ctx, user.id),
    listApiTokens(ctx, user.id),
    listPasskeys(ctx, user.id),
    allowListsOf(ctx, user.id),
  ]);
  return json({
    format: 'hearth.account',
    version: 1,
    exportedAt,
    user: {
      id: user.id,
      username: user.username,
      displayName: user.displayName,
      role: user.role,
      supervised: user.supervised,
      createdAt: account?.createdAt ?? null,
      updatedAt: account?.updatedAt ?? null,
      settings: user.settings,
    },
    allowed: { models: allowed.modelIds ?? 'all', tasks: allowed.taskIds ?? 'all' },
    apiTokens: tokens.map((t) => ({ name: t.name, scope: t.scope, createdAt: t.createdAt, lastUsedAt: t.lastUsedAt })),
    passkeys: passkeys.map((p) => ({
      name: p.name,
      createdAt: p.createdAt,
      lastUsedAt: p.lastUsedAt,
      deviceType: p.deviceType,
      backedUp: p.backedUp,
    })),
  });
}

/**
 * The archive's entries, made one at a time as the download goes (one conversation's messages
 * in memory at once). `conversations` is the list to write, read before the download starts.
 */
export async function* archiveEntries(
  ctx: AppContext,
  user: User,
  conversations: readonly store.StoredConversation[],
  exportedAt: string,
  locale: ExportLocale,
): AsyncGenerator<ZipEntry> {
  const modified = new Date(exportedAt);
  yield { name: 'README.txt', data: readme(user, exportedAt, conversations.length, locale), modified };
  yield { name: 'account.json', data: await accountJson(ctx, user, exportedAt), modified };
  yield { name: 'usage.json', data: json(await myUsage(ctx.db, user.id, USAGE_DAYS, ctx.config.timeZone)), modified };
  for (const stored of conversations) {
    const conversation = store.publicConversation(stored);
    const messages = await store.listMessages(ctx.db, conversation.id);
    const base = `conversations/${safeFileName(conversation.title)}-${conversation.id}`;
    const changed = new Date(conversation.updatedAt);
    yield {
      name: `${base}.json`,
      data: conversationJsonText(conversationJson(conversation, messages, exportedAt)),
      modified: changed,
    };
    yield {
      name: `${base}.md`,
      data: conversationMarkdown(conversation, messages, exportedAt, locale),
      modified: changed,
    };
  }
}
