/**
 * The typed Hearth API client shared by the web app and the terminal client. Only web APIs
 * (fetch, ReadableStream, TextDecoder): it runs in browsers and in Node ≥ 18. Every reply is
 * parsed with the `common/` schemas, every error becomes an `ApiError`.
 */
import { z } from 'zod';
import {
  ApiTokenList,
  CreatedApiToken,
  RevokedSessions,
  SessionList,
  SessionReply,
  type CreateApiTokenBody,
  type SetupBody,
} from './auth';
import {
  AdminConnection,
  AdminConnectionList,
  AdminSettings,
  AdminWarnings,
  AdminTask,
  AdminTaskList,
  AdminUser,
  AdminUserList,
  AuditList,
  ConnectionTestResult,
  CreatedInvite,
  InviteList,
  InviteStatus,
  UserDataSummary,
  type AdminSettingsPatch,
  type ConnectionTestBody,
  type CreateConnectionBody,
  type CreateInviteBody,
  type CreateTaskBody,
  type CreateUserBody,
  type SignupBody,
  type UpdateConnectionBody,
  ModelSettingsReply,
  type ModelSettingsBody,
  type UpdateTaskBody,
  type UpdateUserBody,
} from './admin';
import { MusicCounts, MusicFolders, MusicScan, MusicScanStarted, MusicStats } from './music';
import { PasskeyInfo, PasskeyList } from './passkeys';
import {
  Conversation,
  ConversationDetail,
  ConversationPage,
  Message,
  SendMessageReply,
  type CreateConversationBody,
  type PatchConversationBody,
} from './conversations';
import { ImportReply } from './conversation-export';
import {
  FamilyEntry,
  FamilyReply,
  FamilyUsageReply,
  FlagPage,
  SupervisionReply,
  type ExtraAllowanceBody,
  type FamilyControlsPatch,
} from './family';
import { generationEventSchemas, type GenerationEvent, type GenerationEventName } from './events';
import { ModelsReply } from './models';
import { TasksReply } from './tasks';
import { AdminUsageReply, MyLimitsReply, MyUsageReply } from './usage';
import { readSseStream } from './sse';
import { FirstRunState, type FirstRunPatch } from './first-run';
import {
  ApiError,
  createTransport,
  isAbort,
  parseReply,
  type ApiClientOptions,
  type Method,
  type RequestOptions,
  type Transport,
} from './api-transport';
import { authEndpoints } from './auth-endpoints';

export { ApiError, createTransport } from './api-transport';
export type { ApiClientOptions, ApiErrorFacts, ClientErrorCode, Transport } from './api-transport';

/** Turns an SSE body into typed generation events; unknown event names are skipped. */
async function* generationEvents(
  body: ReadableStream<Uint8Array>,
  signal: AbortSignal | undefined,
  what: string,
): AsyncGenerator<GenerationEvent, void, undefined> {
  try {
    for await (const sse of readSseStream(body, signal)) {
      if (!Object.hasOwn(generationEventSchemas, sse.event)) continue;
      const name = sse.event as GenerationEventName;
      let json: unknown;
      try {
        json = JSON.parse(sse.data);
      } catch {
        throw new ApiError('bad_response', `Malformed ${name} event from ${what}.`, 200);
      }
      const data: unknown = parseReply(generationEventSchemas[name], json, `${what} (${name} event)`);
      // The schema for `name` produced `data`, so the pair is a valid GenerationEvent.
      yield { event: name, data } as GenerationEvent;
    }
  } catch (err) {
    if (err instanceof ApiError) throw err;
    if (signal?.aborted || isAbort(err)) throw new ApiError('aborted', 'The request was cancelled.', 0);
    throw new ApiError('network_error', 'The connection to the server was lost.', 0);
  }
}

/** Creates a client; see ApiClientOptions. */
export function createApiClient(options: ApiClientOptions) {
  return apiClientOver(createTransport(options));
}

/** The whole API over a transport (the web app shares one transport with its sign-in client). */
export function apiClientOver(transport: Transport) {
  const { baseUrl, send, json, noContent } = transport;

  /** Lazy: the request is made when iteration starts; HTTP errors throw from the first next(). */
  async function* stream(method: Method, path: string, opts: RequestOptions) {
    const res = await send(method, path, { ...opts, accept: 'text/event-stream' });
    if (!res.body) throw new ApiError('bad_response', `${method} ${path} sent no stream.`, res.status);
    yield* generationEvents(res.body, opts.signal, `${method} ${path}`);
  }

  const enc = encodeURIComponent;
  return {
    ...authEndpoints(transport),
    /** POST /api/setup — creates the first admin and signs in. */
    setup: (body: z.input<typeof SetupBody>) => json(SessionReply, 'POST', '/api/setup', { body }),
    changePassword: (body: { currentPassword: string; newPassword: string }) =>
      noContent('POST', '/api/auth/password', { body }),

    /** GET /api/models; with `taskId`, only the models that task lets the caller use. */
    listModels: (signal?: AbortSignal, taskId?: string) =>
      json(ModelsReply, 'GET', '/api/models', { signal, query: { taskId } }),
    listTasks: () => json(TasksReply, 'GET', '/api/tasks'),
    /** GET /api/me/usage — your replies and tokens per day over the last `days` days. */
    myUsage: (days = 30) => json(MyUsageReply, 'GET', '/api/me/usage', { query: { days } }),
    myLimits: () => json(MyLimitsReply, 'GET', '/api/me/limits'),
    /** GET /api/admin/usage — every member's totals (admins only). */
    householdUsage: (days = 30) => json(AdminUsageReply, 'GET', '/api/admin/usage', { query: { days } }),

    /** The list, pinned first (`archived`: the archived ones); with `q`, search results, best first. */
    listConversations: (
      { archived, ...query }: { limit?: number; cursor?: string; q?: string; archived?: boolean } = {},
      signal?: AbortSignal,
    ) =>
      json(ConversationPage, 'GET', '/api/conversations', {
        query: { ...query, archived: archived ? 'true' : undefined },
        signal,
      }),
    createConversation: (body: CreateConversationBody = {}) =>
      json(Conversation, 'POST', '/api/conversations', { body }),
    getConversation: (id: string, query: { limit?: number; before?: string } = {}, signal?: AbortSignal) =>
      json(ConversationDetail, 'GET', `/api/conversations/${enc(id)}`, { query, signal }),
    updateConversation: (id: string, body: PatchConversationBody) =>
      json(Conversation, 'PATCH', `/api/conversations/${enc(id)}`, { body }),
    deleteConversation: (id: string) => noContent('DELETE', `/api/conversations/${enc(id)}`),
    /** The download address of a conversation's export (Markdown: the branch on screen; JSON: everything, importable). */
    conversationExportUrl: (id: string, format: 'markdown' | 'json') =>
      `${baseUrl}/api/conversations/${enc(id)}/export?format=${format}`,
    /** The download address of all the caller's data, as one zip archive. */
    myDataExportUrl: () => `${baseUrl}/api/me/export`,
    /**
     * POST /api/conversations/import — a Hearth JSON export or a ChatGPT `conversations.json`,
     * sent as the file's text. A bad file is refused whole (400) and nothing is imported.
     */
    importConversations: (fileText: string) =>
      json(ImportReply, 'POST', '/api/conversations/import', { rawJsonBody: fileText }),

    /** Sends a message and waits for the whole reply (stream: false). */
    sendMessage: (conversationId: string, body: { content: string; model?: string }) =>
      json(SendMessageReply, 'POST', `/api/conversations/${enc(conversationId)}/messages`, {
        body: { ...body, stream: false },
      }),
    /** Sends a message; yields the reply's events as they arrive (user-message, start, deltas, done|error). */
    streamMessage: (
      conversationId: string,
      body: { content: string; model?: string },
      signal?: AbortSignal,
    ): AsyncGenerator<GenerationEvent, void, undefined> =>
      stream('POST', `/api/conversations/${enc(conversationId)}/messages`, {
        body: { ...body, stream: true },
        signal,
      }),
    /** Re-attaches to a running generation: the text so far, then live events until done. */
    generationEvents: (messageId: string, signal?: AbortSignal): AsyncGenerator<GenerationEvent, void, undefined> =>
      stream('GET', `/api/generations/${enc(messageId)}/events`, { signal }),
    /** Stops a running generation; the partial reply is kept with status `stopped`. */
    stopGeneration: (messageId: string) =>
      json(z.object({ message: Message }), 'POST', `/api/generations/${enc(messageId)}/stop`),
    /** A new sibling reply to the same user message, streamed. */
    regenerate: (messageId: string, signal?: AbortSignal): AsyncGenerator<GenerationEvent, void, undefined> =>
      stream('POST', `/api/messages/${enc(messageId)}/regenerate`, { body: { stream: true }, signal }),
    /** Edits a user message as a new sibling and streams its reply. */
    editMessage: (
      messageId: string,
      content: string,
      signal?: AbortSignal,
    ): AsyncGenerator<GenerationEvent, void, undefined> =>
      stream('POST', `/api/messages/${enc(messageId)}/edit`, { body: { content, stream: true }, signal }),

    // ── the caller's own account (settings page) ──
    /** GET /api/auth/tokens — the caller's personal API tokens (never the secrets). */
    listApiTokens: () => json(ApiTokenList, 'GET', '/api/auth/tokens'),
    /** POST /api/auth/tokens — the secret is in the reply this once. */
    createApiToken: (body: CreateApiTokenBody) => json(CreatedApiToken, 'POST', '/api/auth/tokens', { body }),
    revokeApiToken: (id: string) => noContent('DELETE', `/api/auth/tokens/${enc(id)}`),
    /** DELETE /api/auth/tokens/current — the API token this client sends revokes itself (`hearth logout`). */
    revokeCurrentToken: () => noContent('DELETE', '/api/auth/tokens/current'),
    /** GET /api/auth/sessions — the caller's signed-in sessions, `current` marked. */
    listSessions: () => json(SessionList, 'GET', '/api/auth/sessions'),
    /** Ends one session (ending the current one signs out here). */
    endSession: (id: string) => noContent('DELETE', `/api/auth/sessions/${enc(id)}`),
    /** "Sign out everywhere else": ends every session but this one. */
    endOtherSessions: () => json(RevokedSessions, 'POST', '/api/auth/sessions/revoke-others'),
    /** GET /api/auth/passkeys — the caller's passkeys. */
    listPasskeys: () => json(PasskeyList, 'GET', '/api/auth/passkeys'),
    renamePasskey: (id: string, name: string) =>
      json(PasskeyInfo, 'PATCH', `/api/auth/passkeys/${enc(id)}`, { body: { name } }),
    removePasskey: (id: string) => noContent('DELETE', `/api/auth/passkeys/${enc(id)}`),

    // ── admin console (role admin) ──
    adminListUsers: (query: { limit?: number; cursor?: string } = {}) =>
      json(AdminUserList, 'GET', '/api/admin/users', { query }),
    adminCreateUser: (body: CreateUserBody) => json(AdminUser, 'POST', '/api/admin/users', { body }),
    adminUpdateUser: (id: string, body: UpdateUserBody) =>
      json(AdminUser, 'PATCH', `/api/admin/users/${enc(id)}`, { body }),
    adminDeleteUser: (id: string) => noContent('DELETE', `/api/admin/users/${enc(id)}`),
    /** What deleting the user takes with it (counts only). */
    adminUserSummary: (id: string) => json(UserDataSummary, 'GET', `/api/admin/users/${enc(id)}/summary`),

    adminListConnections: () => json(AdminConnectionList, 'GET', '/api/admin/connections'),
    adminCreateConnection: (body: z.input<typeof CreateConnectionBody>) =>
      json(AdminConnection, 'POST', '/api/admin/connections', { body }),
    adminUpdateConnection: (id: string, body: UpdateConnectionBody) =>
      json(AdminConnection, 'PATCH', `/api/admin/connections/${enc(id)}`, { body }),
    adminDeleteConnection: (id: string) => noContent('DELETE', `/api/admin/connections/${enc(id)}`),
    /** Gives one of a server's models a display name, or hides it from members. */
    adminUpdateModelSettings: (connectionId: string, body: ModelSettingsBody) =>
      json(ModelSettingsReply, 'PATCH', `/api/admin/connections/${enc(connectionId)}/models`, { body }),
    /** Tries an unsaved draft (with `connectionId`, that connection's stored key is used). */
    adminTestConnectionDraft: (body: ConnectionTestBody) =>
      json(ConnectionTestResult, 'POST', '/api/admin/connections/test', { body }),
    /** Tries a saved (or configured) model server as it is. */
    adminTestConnection: (id: string) => json(ConnectionTestResult, 'POST', `/api/admin/connections/${enc(id)}/test`),

    musicStats: () => json(MusicStats, 'GET', '/api/music/stats'),
    adminMusicFolders: () => json(MusicFolders, 'GET', '/api/admin/music/folders'),
    adminMusicScan: (path: string) => json(MusicScanStarted, 'POST', '/api/admin/music/scan', { body: { path } }),
    adminMusicScanStatus: (id: string) => json(MusicScan, 'GET', `/api/admin/music/scans/${enc(id)}`),
    adminMusicImport: (file: Blob) => json(MusicCounts, 'POST', '/api/admin/music/import', { fileBody: file }),

    adminListTasks: () => json(AdminTaskList, 'GET', '/api/admin/tasks'),
    adminCreateTask: (body: z.input<typeof CreateTaskBody>) => json(AdminTask, 'POST', '/api/admin/tasks', { body }),
    adminUpdateTask: (id: string, body: UpdateTaskBody) =>
      json(AdminTask, 'PATCH', `/api/admin/tasks/${enc(id)}`, { body }),
    adminDeleteTask: (id: string) => noContent('DELETE', `/api/admin/tasks/${enc(id)}`),

    adminAudit: (
      query: {
        limit?: number;
        cursor?: string;
        action?: string;
        actorId?: string;
        targetId?: string;
        from?: string;
        to?: string;
      } = {},
    ) => json(AuditList, 'GET', '/api/admin/audit', { query }),

    adminSettings: () => json(AdminSettings, 'GET', '/api/admin/settings'),
    /** Problems with the setup the admin should fix (an untrusted reverse proxy). */
    adminWarnings: () => json(AdminWarnings, 'GET', '/api/admin/warnings'),
    adminUpdateSettings: (body: AdminSettingsPatch) => json(AdminSettings, 'PATCH', '/api/admin/settings', { body }),
    adminListInvites: () => json(InviteList, 'GET', '/api/admin/invites'),
    /** The invite's link and token are in the reply this once. */
    adminCreateInvite: (body: z.input<typeof CreateInviteBody>) =>
      json(CreatedInvite, 'POST', '/api/admin/invites', { body }),
    adminRevokeInvite: (id: string) => noContent('DELETE', `/api/admin/invites/${enc(id)}`),

    // ── family safety: guardians and the members they look after ──
    /** GET /api/family — the supervised members the caller guards (admins: every supervised member). */
    familyList: () => json(FamilyReply, 'GET', '/api/family'),
    /** PATCH /api/family/:userId — change controls (effective at once); answers the member's entry. */
    familyUpdate: (userId: string, body: FamilyControlsPatch) =>
      json(FamilyEntry, 'PATCH', `/api/family/${enc(userId)}`, { body }),
    /** POST /api/family/:userId/extra — more messages and/or tokens for today only. */
    familyExtra: (userId: string, body: ExtraAllowanceBody) =>
      json(FamilyEntry, 'POST', `/api/family/${enc(userId)}/extra`, { body }),
    /** GET /api/family/:userId/flags — what the content filter stopped, newest first. */
    familyFlags: (userId: string, query: { limit?: number; cursor?: string } = {}) =>
      json(FlagPage, 'GET', `/api/family/${enc(userId)}/flags`, { query }),
    /** POST /api/family/:userId/flags/:id/review — marks a flag reviewed. */
    familyReviewFlag: (userId: string, flagId: string) =>
      noContent('POST', `/api/family/${enc(userId)}/flags/${enc(flagId)}/review`),
    /** GET /api/family/:userId/usage — per-day messages/tokens and an hour-of-day histogram. */
    familyUsage: (userId: string, days = 14) =>
      json(FamilyUsageReply, 'GET', `/api/family/${enc(userId)}/usage`, { query: { days } }),
    /** GET /api/family/:userId/conversations — only while full transcripts are on (else 404). */
    familyConversations: (userId: string, query: { limit?: number; cursor?: string } = {}) =>
      json(ConversationPage, 'GET', `/api/family/${enc(userId)}/conversations`, { query }),
    /** GET /api/family/:userId/conversations/:id — one of them with its messages (full transcripts only). */
    familyConversation: (userId: string, conversationId: string) =>
      json(ConversationDetail, 'GET', `/api/family/${enc(userId)}/conversations/${enc(conversationId)}`),
    /** GET /api/me/supervision — for a supervised member: who their guardians are and what they see. */
    mySupervision: () => json(SupervisionReply, 'GET', '/api/me/supervision'),

    // ── sign-up with an invite (public) ──
    inviteStatus: (token: string) => json(InviteStatus, 'GET', `/api/invites/${enc(token)}`),
    /** Creates the account and signs in, like login. */
    signup: (body: SignupBody) => json(SessionReply, 'POST', '/api/auth/signup', { body }),

    // ── the first-run guide (admins) ──
    adminFirstRun: () => json(FirstRunState, 'GET', '/api/admin/first-run'),
    adminUpdateFirstRun: (body: FirstRunPatch) => json(FirstRunState, 'PATCH', '/api/admin/first-run', { body }),
  };
}

/** The client's type, for code that receives one. */
export type ApiClient = ReturnType<typeof apiClientOver>;
