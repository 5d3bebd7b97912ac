/**
 * The admin console's contract (role admin): users and their allow-lists, tasks, model server
 * connections, the audit log, sign-up settings and invites. Also the public invite/sign-up
 * routes. The server validates with these schemas; the web app parses replies with them.
 */
import { z } from 'zod';
import { Password, Role, Username } from './auth';
import { FamilyPerson } from './family';
import { ProviderKind } from './models';
import { PageQuery, page } from './pagination';
import { TASK_PERMISSION_RULE, TaskParameters } from './tasks';

// ───────────────────────────── users ─────────────────────────────

/** An allow-list of ids; null means "all allowed" (the default). */
const AllowList = z
  .array(z.string().min(1).max(512))
  .max(1000)
  .nullable()
  .describe('Ids this user may use; null = all (the default), [] = none');

/** A user as the admin console sees them. */
export const AdminUser = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: Role,
  supervised: z.boolean().describe('A child account under parental controls'),
  disabled: z.boolean().describe('A disabled account cannot sign in; its sessions are ended'),
  createdAt: z.string(),
  updatedAt: z.string(),
  lastSeenAt: z.string().nullable().describe('Last activity of any of their sessions; null if none is open'),
  modelIds: AllowList.describe('Models this user may use (ids as in GET /api/models); null = all'),
  taskIds: AllowList.describe('Tasks this user may use; null = all'),
  guardians: z
    .array(FamilyPerson)
    .optional()
    .describe('Supervised members: who looks after them (adult members; admins are not guardians by default)'),
  maxGenerations: z
    .number()
    .int()
    .optional()
    .describe(
      'Replies this member may have generated at once (web, terminal, /v1, rooms); more wait their turn. Always sent; 1 by default',
    ),
});
export type AdminUser = z.infer<typeof AdminUser>;

/** GET /api/admin/users: paginated, newest first. */
export const AdminUserListQuery = PageQuery;
export const AdminUserList = page(AdminUser);
export type AdminUserList = z.infer<typeof AdminUserList>;

/** POST /api/admin/users → 201 AdminUser. */
export const CreateUserBody = z.object({
  username: Username.describe('2–32 characters: letters, digits, dot, dash, underscore; stored lower case'),
  displayName: z.string().trim().min(1).max(64).optional().describe('Defaults to the username'),
  password: Password.describe('Initial password, 8–128 characters'),
  role: Role.optional().describe('Defaults to member'),
  supervised: z.boolean().optional().describe('A child account; defaults to false'),
});
export type CreateUserBody = z.infer<typeof CreateUserBody>;

/**
 * PATCH /api/admin/users/:id → AdminUser. Every field optional. Disabling ends the user's
 * sessions, closes their sockets and stops their replies at once; a new password ends their
 * sessions too. The last enabled admin can neither lose the role nor be disabled (409 naming
 * `role` or `disabled`).
 */
export const UpdateUserBody = z.object({
  displayName: z.string().trim().min(1).max(64).optional(),
  role: Role.optional(),
  disabled: z.boolean().optional(),
  supervised: z.boolean().optional(),
  password: Password.optional().describe('Reset the password (8–128 characters); ends their sessions'),
  taskIds: AllowList.optional(),
  modelIds: AllowList.optional(),
  guardianIds: z
    .array(z.string().min(1).max(128))
    .max(20)
    .optional()
    .describe(
      'Supervised members only: the ids of their guardians (adult members, not supervised themselves), replacing the list; [] = none',
    ),
  maxGenerations: z
    .number()
    .int()
    .min(1)
    .max(16)
    .optional()
    .describe(
      'Replies generated at once for this member, 1–16 (default 1): raise it for a /v1 tool that sends in parallel',
    ),
});
export type UpdateUserBody = z.infer<typeof UpdateUserBody>;

/** GET /api/admin/users/:id/summary: what deleting the user takes with it. Never any content. */
export const UserDataSummary = z.object({
  userId: z.string(),
  username: z.string(),
  conversations: z.number().int().describe('Conversations that will be deleted'),
  messages: z.number().int().describe('Messages in those conversations'),
  apiTokens: z.number().int().describe('Personal API tokens that will be revoked'),
  sessions: z.number().int().describe('Open sessions that will end'),
});
export type UserDataSummary = z.infer<typeof UserDataSummary>;

/** `:id` of every admin route. */
export const IdParams = z.object({ id: z.string().min(1).max(128) });

// ───────────────────────────── tasks ─────────────────────────────

const TaskId = z
  .string()
  .trim()
  .toLowerCase()
  .min(2)
  .max(40)
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'may use letters, digits and dashes');

/** A task as the admin edits it. */
export const AdminTask = z.object({
  id: z.string().describe('Stable slug, e.g. "general"'),
  name: z.string(),
  description: z.string(),
  icon: z.string().nullable().describe('An emoji or short icon name'),
  systemPrompt: z.string().describe('Sent to the model before the conversation'),
  models: z.array(z.string()).describe(`Model ids this task may use; [] = any model. ${TASK_PERMISSION_RULE}`),
  tools: z.array(z.string()).describe('Tool names the model may call in this task (e.g. query_music_library)'),
  defaultModel: z.string().nullable().describe('Model picked for a new conversation of this task'),
  ...TaskParameters.shape,
  promptVisible: z.boolean().describe('Members may read the system prompt (GET /api/tasks includes it)'),
  sortOrder: z.number().int().describe('Place in the task list, lowest first'),
  enabled: z.boolean(),
  builtIn: z.boolean().describe('general and music: editable, can be disabled, cannot be deleted'),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type AdminTask = z.infer<typeof AdminTask>;

/** GET /api/admin/tasks: every task, built-ins first. */
export const AdminTaskList = z.object({ items: z.array(AdminTask) });
export type AdminTaskList = z.infer<typeof AdminTaskList>;

const taskFields = {
  name: z.string().trim().min(1).max(80),
  description: z.string().trim().max(500),
  icon: z.string().trim().max(32).nullable(),
  systemPrompt: z.string().max(20_000),
  models: z.array(z.string().min(1).max(512)).max(200),
  tools: z.array(z.string().min(1).max(100)).max(100),
  defaultModel: z.string().min(1).max(512).nullable(),
  enabled: z.boolean(),
  promptVisible: z.boolean(),
  sortOrder: z.number().int().min(-1_000_000).max(1_000_000),
};

/** POST /api/admin/tasks → 201 AdminTask; 409 naming `id` when taken. */
export const CreateTaskBody = z.object({
  id: TaskId.optional().describe('Slug; made from the name when omitted'),
  name: taskFields.name,
  description: taskFields.description.default(''),
  icon: taskFields.icon.optional(),
  systemPrompt: taskFields.systemPrompt.default(''),
  models: taskFields.models.default([]),
  tools: taskFields.tools.default([]),
  defaultModel: taskFields.defaultModel.optional(),
  enabled: taskFields.enabled.default(true),
  ...TaskParameters.partial().shape,
  promptVisible: taskFields.promptVisible.default(false),
  sortOrder: taskFields.sortOrder.optional().describe('Place in the list; after every other task when omitted'),
});
export type CreateTaskBody = z.infer<typeof CreateTaskBody>;

/** PATCH /api/admin/tasks/:id → AdminTask. */
export const UpdateTaskBody = z.object({
  name: taskFields.name.optional(),
  description: taskFields.description.optional(),
  icon: taskFields.icon.optional(),
  systemPrompt: taskFields.systemPrompt.optional(),
  models: taskFields.models.optional(),
  tools: taskFields.tools.optional(),
  defaultModel: taskFields.defaultModel.optional(),
  enabled: taskFields.enabled.optional(),
  ...TaskParameters.partial().shape,
  promptVisible: taskFields.promptVisible.optional(),
  sortOrder: taskFields.sortOrder.optional(),
});
export type UpdateTaskBody = z.infer<typeof UpdateTaskBody>;

// ─────────────────────────── connections ───────────────────────────

/** Where a model server comes from: the admin console (editable), HEARTH_MODEL_SERVERS or the default probe. */
export const ConnectionSource = z.enum(['database', 'env', 'probe']);
export type ConnectionSource = z.infer<typeof ConnectionSource>;

const BaseUrl = z
  .string()
  .trim()
  .max(2048)
  .refine((s) => /^https?:\/\//i.test(s) && URL.canParse(s), 'must be a full http:// or https:// URL')
  .describe(
    'e.g. http://127.0.0.1:1234/v1 (LM Studio), http://127.0.0.1:11434 (Ollama), https://router.huggingface.co/v1',
  );

const ApiKey = z.string().min(1).max(4096).describe('Stored on the server; never sent back');

/** A model server as the admin console lists it. Never the API key. */
export const AdminConnection = z.object({
  id: z.string(),
  name: z.string(),
  provider: ProviderKind.describe('openai = any OpenAI-compatible server (LM Studio, Hugging Face router, …)'),
  baseUrl: z.string(),
  hasApiKey: z.boolean().describe('Whether an API key is stored (the key itself is never sent)'),
  enabled: z.boolean(),
  source: ConnectionSource,
  readOnly: z
    .boolean()
    .describe(
      'env and probe servers keep their address from the config: only name, maxConcurrent and hidden models change',
    ),
  maxConcurrent: z
    .number()
    .int()
    .nullable()
    .describe('Most replies generated on this server at once (the rest wait in a fair queue); null = no cap'),
  hiddenModels: z.array(z.string()).describe('Ids of this server’s models hidden from members'),
  reachable: z.boolean().nullable().describe('From the last model listing; null if not listed'),
  modelCount: z.number().int().nullable(),
  error: z.string().nullable().describe('Why it was unreachable, in words'),
  createdAt: z.string().nullable(),
  updatedAt: z.string().nullable(),
});
export type AdminConnection = z.infer<typeof AdminConnection>;

/** GET /api/admin/connections. */
export const AdminConnectionList = z.object({ items: z.array(AdminConnection) });
export type AdminConnectionList = z.infer<typeof AdminConnectionList>;

/** POST /api/admin/connections → 201 AdminConnection. */
export const CreateConnectionBody = z.object({
  name: z.string().trim().min(1).max(80),
  provider: ProviderKind,
  baseUrl: BaseUrl,
  apiKey: ApiKey.optional(),
  enabled: z.boolean().default(true),
});
export type CreateConnectionBody = z.infer<typeof CreateConnectionBody>;

/**
 * PATCH /api/admin/connections/:id. No `apiKey` keeps the stored key; `apiKey: null` clears it.
 * A server from HEARTH_MODEL_SERVERS or auto-detection takes only name, maxConcurrent and hiddenModels.
 */
export const UpdateConnectionBody = z.object({
  name: z.string().trim().min(1).max(80).optional(),
  provider: ProviderKind.optional(),
  baseUrl: BaseUrl.optional(),
  apiKey: ApiKey.nullable().optional(),
  enabled: z.boolean().optional(),
  maxConcurrent: z.number().int().min(1).max(64).nullable().optional(),
  hiddenModels: z
    .array(z.string().min(1).max(512))
    .max(1000)
    .optional()
    .describe('Exactly the model ids ("<connectionId>/<name>") of this server to hide from members'),
});
export type UpdateConnectionBody = z.infer<typeof UpdateConnectionBody>;

/** PATCH /api/admin/connections/:id/models: one model's display name (null: its own) and visibility. */
export const ModelSettingsBody = z.object({
  model: z.string().min(1).max(512).describe('The model’s name as its server calls it'),
  name: z.string().trim().min(1).max(80).nullable().optional().describe('Display name; null = the server’s name'),
  hidden: z.boolean().optional().describe('Hide it from members'),
});
export type ModelSettingsBody = z.infer<typeof ModelSettingsBody>;

/** A model's settings after a change. */
export const ModelSettingsReply = z.object({
  id: z.string(),
  name: z.string().nullable().describe('Display name, null when it shows the server’s name'),
  hidden: z.boolean(),
});
export type ModelSettingsReply = z.infer<typeof ModelSettingsReply>;

/**
 * POST /api/admin/connections/test: tries an unsaved draft. With `connectionId` and no
 * `apiKey`, the stored key of that connection is used (testing an edit without retyping it).
 */
export const ConnectionTestBody = z.object({
  provider: ProviderKind,
  baseUrl: BaseUrl,
  apiKey: ApiKey.optional(),
  connectionId: z.string().max(128).optional().describe('Use this saved connection’s key when apiKey is omitted'),
});
export type ConnectionTestBody = z.infer<typeof ConnectionTestBody>;

/** Reply of both test routes (always 200; an unreachable server is `reachable: false`). */
export const ConnectionTestResult = z.object({
  reachable: z.boolean(),
  modelCount: z.number().int(),
  models: z.array(z.string()).describe('Up to 50 model names the server listed'),
  error: z.string().optional().describe('Why it failed, in words'),
  latencyMs: z.number().int(),
});
export type ConnectionTestResult = z.infer<typeof ConnectionTestResult>;

// ───────────────────────────── audit ─────────────────────────────

/** Every action the audit log records. */
export const auditActions = [
  'auth.login',
  'auth.login_failed',
  'auth.logout',
  'auth.password_changed',
  'auth.token_created',
  'auth.token_revoked',
  'auth.signup',
  'passkey.added',
  'passkey.removed',
  'setup.completed',
  'user.created',
  'user.updated',
  'user.role_changed',
  'user.disabled',
  'user.enabled',
  'user.password_reset',
  'user.deleted',
  'user.signed_out',
  'user.messages_cleared',
  'connection.created',
  'connection.updated',
  'connection.deleted',
  'task.created',
  'task.updated',
  'task.deleted',
  'settings.updated',
  'invite.created',
  'invite.used',
  'invite.revoked',
  'data.export',
  'room.deleted',
  'people_chat.enabled',
  'people_chat.disabled',
  'music.scanned',
  'music.imported',
  // Family safety: a guardian's (or admin's) change, extras, reviews, transcript reads, refusals.
  'family.updated',
  'family.extra',
  'family.flag_reviewed',
  'family.transcript_viewed',
  'family.denied',
] as const;
export const AuditAction = z.enum(auditActions);
export type AuditAction = z.infer<typeof AuditAction>;

/**
 * The actor of entries made by the server's operator with `hearth user …` or `hearth sessions
 * clear` on the server machine: no account did it.
 */
export const COMMAND_LINE_ACTOR_ID = 'command-line';

/** A user named in an audit entry (null username once the account is deleted). */
const AuditUser = z.object({ id: z.string(), username: z.string().nullable() });

/** One security event. `detail` never holds secrets or message content. */
export const AuditEntry = z.object({
  id: z.string(),
  at: z.string(),
  actor: AuditUser.nullable().describe('Who did it; null for anonymous (e.g. a failed sign-in)'),
  action: z.string().describe(`One of: ${auditActions.join(', ')}`),
  target: z.string().nullable().describe('Id of what it was done to (user, connection, task, token, invite)'),
  targetUser: AuditUser.nullable().describe(
    'When the target is a user: who (a deleted user keeps the username the entry recorded)',
  ),
  ip: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()).nullable(),
  summary: z.string().describe('What happened as a sentence for the admin ("Mum changed Alice’s allowed models")'),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

/** GET /api/admin/audit query: filters combine with AND; newest first. */
export const AuditQuery = PageQuery.extend({
  action: z.string().max(64).optional().describe('Exact action, or a prefix ending in "." (e.g. "user.")'),
  actorId: z.string().max(128).optional(),
  targetId: z.string().max(128).optional(),
  from: z.iso.datetime({ offset: true }).optional().describe('At or after this time'),
  to: z.iso.datetime({ offset: true }).optional().describe('Before this time'),
});
export type AuditQuery = z.infer<typeof AuditQuery>;
export const AuditList = page(AuditEntry);
export type AuditList = z.infer<typeof AuditList>;

// ───────────────────────── settings & invites ─────────────────────────

export const SignupMode = z.enum(['off', 'invite']);
export type SignupMode = z.infer<typeof SignupMode>;

/** GET /api/admin/settings. */
export const AdminSettings = z.object({
  signupMode: SignupMode.describe('off: no sign-up (default); invite: one-time invite links work'),
});
export type AdminSettings = z.infer<typeof AdminSettings>;

/** PATCH /api/admin/settings → AdminSettings. */
export const AdminSettingsPatch = z.object({ signupMode: SignupMode.optional() });
export type AdminSettingsPatch = z.infer<typeof AdminSettingsPatch>;

/** POST /api/admin/invites → 201 CreatedInvite. */
export const CreateInviteBody = z.object({
  role: Role.default('member'),
  supervised: z.boolean().default(false),
  expiresInHours: z.number().int().min(1).max(720).describe('1 hour to 30 days'),
});
export type CreateInviteBody = z.infer<typeof CreateInviteBody>;

/** The new invite: `token` (and `url`, which holds it) are shown this once. */
export const CreatedInvite = z.object({
  id: z.string(),
  url: z.string().describe('<origin>/signup?token=… — give this to the new member'),
  token: z.string(),
  expiresAt: z.string(),
});
export type CreatedInvite = z.infer<typeof CreatedInvite>;

export const InviteState = z.enum(['active', 'used', 'expired']);

/** An invite as listed (never the token). */
export const Invite = z.object({
  id: z.string(),
  role: Role,
  supervised: z.boolean(),
  state: InviteState,
  createdAt: z.string(),
  expiresAt: z.string(),
  createdBy: AuditUser.nullable(),
  usedAt: z.string().nullable(),
  usedBy: AuditUser.nullable(),
});
export type Invite = z.infer<typeof Invite>;

/** GET /api/admin/invites: newest first. */
export const InviteList = z.object({ items: z.array(Invite) });
export type InviteList = z.infer<typeof InviteList>;

/** `:token` of GET /api/invites/:token. */
export const InviteTokenParams = z.object({ token: z.string().min(1).max(256) });

/** GET /api/invites/:token (public): whether the sign-up page should be offered. */
export const InviteStatus = z.object({
  valid: z.boolean(),
  reason: z.enum(['unknown', 'used', 'expired', 'signup_off']).optional().describe('Why not, when valid is false'),
});
export type InviteStatus = z.infer<typeof InviteStatus>;

/**
 * POST /api/auth/signup (public) → 200 SessionReply + session cookie, like login. An unknown
 * token or sign-up off → 403 `invite_invalid`; a used or expired invite → 410 `invite_expired`.
 */
export const SignupBody = z.object({
  token: z.string().min(1, 'is required').max(256),
  username: Username,
  displayName: z.string().trim().min(1).max(64).optional(),
  password: Password,
});
export type SignupBody = z.infer<typeof SignupBody>;

// ───────────────────────── warnings for the admin ─────────────────────────

/** Something about the setup the admin should fix, shown on their home screen. */
export const AdminWarning = z.object({
  code: z.enum(['untrusted_proxy']).describe('untrusted_proxy: a reverse proxy was seen but HEARTH_TRUST_PROXY is off'),
  message: z.string().describe('What is wrong and what to do, in plain words'),
  since: z.string().describe('When it was first noticed (ISO time)'),
});
export type AdminWarning = z.infer<typeof AdminWarning>;

/** GET /api/admin/warnings. */
export const AdminWarnings = z.object({ items: z.array(AdminWarning) });
export type AdminWarnings = z.infer<typeof AdminWarnings>;
