/** Sign-in, sessions and the signed-in user. */
import { z } from 'zod';

export const Role = z.enum(['admin', 'member']);
export type Role = z.infer<typeof Role>;

export const Theme = z.enum(['system', 'light', 'dark']);
export type Theme = z.infer<typeof Theme>;

/** The languages the web app speaks (English and German). */
export const Language = z.enum(['en', 'de']);
export type Language = z.infer<typeof Language>;

/** Per-user preferences, stored server-side so they follow the user between devices. */
export const UserSettings = z.object({
  theme: Theme.default('system').describe('Colour theme; system follows the device'),
  defaultModel: z.string().nullable().default(null).describe('Model id picked for new chats'),
  lastConversationId: z
    .string()
    .nullable()
    .default(null)
    .describe('The conversation last opened, on any device: the app reopens it after sign-in'),
  customInstructions: z
    .string()
    .default('')
    .describe(
      "Your own instructions for the assistant: sent as a separate system message after the task's prompt, never instead of it",
    ),
  streamReplies: z
    .boolean()
    .default(true)
    .describe('Show replies as they are written; false: a reply appears whole when done (announced once)'),
  language: Language.nullable()
    .default(null)
    .describe("The app's language (en, de); null follows the browser's language. Dates and numbers follow it too"),
});
export type UserSettings = z.infer<typeof UserSettings>;

/** The signed-in user as the client sees them. */
export const User = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: Role,
  supervised: z.boolean().describe('A child account under parental controls'),
  settings: UserSettings,
});
export type User = z.infer<typeof User>;

export const Username = z
  .string()
  .trim()
  .toLowerCase()
  .min(2, 'must be at least 2 characters')
  .max(32, 'must be at most 32 characters')
  .regex(/^[a-z0-9][a-z0-9._-]*$/, 'may use letters, digits, dot, dash and underscore');

export const Password = z.string().min(8, 'must be at least 8 characters').max(128, 'must be at most 128 characters');

export const LoginBody = z.object({
  username: z.string().trim().min(1, 'is required').max(64),
  password: z.string().min(1, 'is required').max(1024),
});
export type LoginBody = z.infer<typeof LoginBody>;

/** Reply of login and of GET /api/auth/me. */
export const SessionReply = z.object({
  user: User,
  csrfToken: z.string().describe('Send as X-CSRF-Token on state-changing requests'),
});
export type SessionReply = z.infer<typeof SessionReply>;

export const PasswordChangeBody = z.object({
  currentPassword: z.string().min(1, 'is required').max(1024),
  newPassword: Password,
});

/** PATCH /api/me/settings — partial update. */
export const SettingsPatch = z.object({
  displayName: z.string().trim().min(1).max(64).optional(),
  theme: Theme.optional(),
  defaultModel: z.string().max(512).nullable().optional(),
  lastConversationId: z.string().max(64).nullable().optional(),
  customInstructions: z.string().max(4000, 'must be at most 4000 characters').optional(),
  streamReplies: z.boolean().optional(),
  language: Language.nullable().optional(),
});
export type SettingsPatch = z.infer<typeof SettingsPatch>;

/** GET /api/setup — whether the one-time setup (first admin) is still open. */
export const SetupStatus = z.object({
  needed: z.boolean(),
  memory: z
    .boolean()
    .describe(
      'Throw-away mode (hearth serve --memory): everything is deleted when the server stops; the web app shows a banner',
    ),
});

/** POST /api/setup — make the first admin with the one-time setup token printed at start. */
export const SetupBody = z.object({
  token: z.string().min(1, 'is required'),
  username: Username,
  displayName: z.string().trim().min(1).max(64).optional(),
  password: Password,
});

/**
 * What an API token may call. Each route declares the scopes it accepts (route `config.tokenScopes`);
 * none by default, so a token reaches only what a route opened to it:
 * - `models`: the OpenAI-compatible gateway (/v1) only — for other apps;
 * - `chat`: what the terminal client needs — conversations, tasks, models, /v1, the caller's usage;
 * - `admin`: the admin routes (admins only).
 * No token can create tokens or change a password.
 */
export const TokenScope = z.enum(['models', 'chat', 'admin']);
export type TokenScope = z.infer<typeof TokenScope>;

/** Every scope, for routes any token may call (health checks, a token revoking itself). */
export const ALL_TOKEN_SCOPES: readonly TokenScope[] = TokenScope.options;

/** POST /api/auth/tokens — a personal API token for the CLI, scripts and /v1. */
export const CreateApiTokenBody = z.object({
  name: z
    .string()
    .trim()
    .min(1, 'is required')
    .max(64, 'must be at most 64 characters')
    .describe('What the token is for, e.g. "laptop CLI"'),
  scope: TokenScope.default('models').describe(
    'What the token may call: models (default; only the OpenAI-compatible /v1), chat (the terminal client), admin (admins only)',
  ),
});
export type CreateApiTokenBody = z.input<typeof CreateApiTokenBody>;

/** A personal API token as listed: never the secret. */
export const ApiTokenInfo = z.object({
  id: z.string(),
  name: z.string(),
  scope: TokenScope,
  createdAt: z.string(),
  lastUsedAt: z.string().nullable().describe('Updated at most once a minute'),
});
export type ApiTokenInfo = z.infer<typeof ApiTokenInfo>;

/** GET /api/auth/tokens. */
export const ApiTokenList = z.object({ items: z.array(ApiTokenInfo) });

/** Reply of POST /api/auth/tokens: the secret is shown this once. */
export const CreatedApiToken = z.object({
  id: z.string(),
  name: z.string(),
  scope: TokenScope,
  token: z.string().describe('Send as `Authorization: Bearer <token>`; shown only now'),
});
export type CreatedApiToken = z.infer<typeof CreatedApiToken>;

/** Reply of PATCH /api/me/settings. */
export const UserReply = z.object({ user: User });

/** One of the caller's signed-in browser sessions (GET /api/auth/sessions). */
export const SessionInfo = z.object({
  id: z.string().describe('Session id (not the cookie secret)'),
  createdAt: z.string().describe('When this sign-in happened'),
  lastSeenAt: z.string().describe('Last activity, recorded at most once a minute'),
  expiresAt: z.string().describe('Absolute end of the session'),
  ip: z.string().nullable().describe('Address it signed in from'),
  userAgent: z.string().nullable().describe('The browser it signed in with'),
  current: z.boolean().describe('Whether this is the session making the request'),
});
export type SessionInfo = z.infer<typeof SessionInfo>;

/** GET /api/auth/sessions: newest first. */
export const SessionList = z.object({ items: z.array(SessionInfo) });
export type SessionList = z.infer<typeof SessionList>;

/** Reply of POST /api/auth/sessions/revoke-others. */
export const RevokedSessions = z.object({ revoked: z.number().int().describe('How many sessions ended') });
export type RevokedSessions = z.infer<typeof RevokedSessions>;
