/**
 * Table types for Kysely. Columns are snake_case in the database and camelCase here
 * (CamelCasePlugin). Booleans are stored as 0/1 integers and times as ISO-8601 text so the same
 * queries run on SQLite and PostgreSQL.
 */
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/** 0 or 1: the portable boolean. */
export type Flag = 0 | 1;

export type UsersTable = {
  id: string;
  username: string;
  displayName: string;
  passwordHash: string | null;
  role: 'admin' | 'member';
  supervised: Flag;
  disabled: Flag;
  /** JSON of UserSettings. */
  settings: string;
  createdAt: string;
  updatedAt: string;
};

export type SessionsTable = {
  id: string;
  /** sha256 of the cookie token; the token itself is never stored. */
  tokenHash: string;
  userId: string;
  csrfToken: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  ip: string | null;
  userAgent: string | null;
};

export type ApiTokensTable = {
  id: string;
  userId: string;
  name: string;
  tokenHash: string;
  /** What the token may call (common/auth.ts TokenScope); `models` for tokens made before scopes. */
  scope: Generated<'models' | 'chat' | 'admin'>;
  createdAt: string;
  lastUsedAt: string | null;
};

export type ConnectionsTable = {
  id: string;
  name: string;
  provider: 'openai' | 'ollama';
  baseUrl: string;
  apiKey: string | null;
  enabled: Flag;
  createdAt: string;
  updatedAt: string;
};

export type ConversationsTable = {
  id: string;
  userId: string;
  title: string;
  /** 1 once the user renamed it: generated titles never overwrite a hand-made one. */
  titleByUser: Flag;
  taskId: string;
  model: string | null;
  pinned: Flag;
  /** 1 when archived (migration 0005): out of the list, still searchable. */
  archived: Flag;
  activeLeafId: string | null;
  createdAt: string;
  updatedAt: string;
  /** When it came in from an export file (migration 0013); null for one made here. */
  importedAt: ColumnType<string | null, string | null | undefined, string | null>;
};

export type MessagesTable = {
  id: string;
  conversationId: string;
  parentId: string | null;
  role: 'user' | 'assistant' | 'system';
  content: string;
  reasoning: string | null;
  status: 'complete' | 'streaming' | 'stopped' | 'interrupted' | 'error' | 'blocked';
  model: string | null;
  /** JSON of MessageError. */
  error: string | null;
  /** JSON of ToolCall[] (assistant replies that used tools). */
  toolCalls: string | null;
  createdAt: string;
  updatedAt: string;
};

export type AuditLogTable = {
  id: Generated<number>;
  at: string;
  actorId: string | null;
  action: string;
  target: string | null;
  ip: string | null;
  /** JSON object. */
  detail: string | null;
};

/** Per-user, per-UTC-day request and token counters (migration 0004; safety/usage-store.ts). */
export type UsageTable = {
  userId: string;
  /** 'YYYY-MM-DD', UTC. */
  day: string;
  source: 'chat' | 'api';
  requests: number;
  promptTokens: number;
  completionTokens: number;
};

/** Tasks: assistants with their own prompt, models and tools (migration 0002; tasks/store.ts). */
export type TasksTable = {
  id: string;
  name: string;
  description: string;
  icon: string | null;
  systemPrompt: string;
  /** JSON array of model ids; [] = any. */
  models: string;
  /** JSON array of tool ids. */
  tools: string;
  defaultModel: string | null;
  enabled: Flag;
  builtIn: Flag;
  /** Generation parameters (migration 0010); null = the model server's default. */
  temperature: number | null;
  topP: number | null;
  maxTokens: number | null;
  /** The context window to ask for (Ollama num_ctx) and to fit the history into. */
  contextLength: number | null;
  /** 1 when members may read the system prompt (GET /api/tasks includes it). */
  promptVisible: Flag;
  /** The admin's order of the task list (lowest first). */
  sortOrder: number;
  createdAt: string;
  updatedAt: string;
};

/** Per-user allow-lists (migration 0002; accounts/access-store.ts). No row or a null column = all allowed. */
export type UserPermissionsTable = {
  userId: string;
  /** JSON array of model ids, or null for all. */
  modelIds: string | null;
  /** JSON array of task ids, or null for all. */
  taskIds: string | null;
  updatedAt: string;
};

/** Server-wide settings as key → JSON value (migration 0002; accounts/access-store.ts). */
export type SettingsTable = { key: string; value: string; updatedAt: string };

/** One-time sign-up invites (migration 0002; accounts/access-store.ts). */
export type InvitesTable = {
  id: string;
  /** sha256 of the invite token; the token itself is never stored. */
  tokenHash: string;
  role: 'admin' | 'member';
  supervised: Flag;
  createdBy: string | null;
  createdAt: string;
  expiresAt: string;
  usedAt: string | null;
  usedBy: string | null;
};

/** A passkey (WebAuthn credential) of a user. */
export type PasskeysTable = {
  id: string;
  userId: string;
  name: string;
  /** The authenticator's credential id, base64url. */
  credentialId: string;
  /** COSE public key, base64url. */
  publicKey: string;
  /** Signature counter (bigint column: PostgreSQL returns it as a string). */
  counter: number | string;
  /** JSON array of transports, or null. */
  transports: string | null;
  deviceType: 'singleDevice' | 'multiDevice';
  backedUp: Flag;
  createdAt: string;
  lastUsedAt: string | null;
};

/** A WebAuthn ceremony's challenge, single-use and short-lived. */
export type WebauthnChallengesTable = {
  challenge: string;
  userId: string | null;
  purpose: 'register' | 'login';
  expiresAt: string;
};

/** People chat (migration 0009; messaging/store.ts): a room or a direct room. */
export type RoomsTable = {
  id: string;
  kind: 'room' | 'direct';
  name: string;
  description: string;
  /** Direct rooms: the two user ids, sorted, joined by ':' (unique). */
  directKey: string | null;
  /** The room's sequence: the seq of its latest change. */
  lastSeq: number;
  lastActivityAt: string | null;
  createdAt: string;
  updatedAt: string;
};

export type RoomMembersTable = {
  roomId: string;
  userId: string;
  role: 'owner' | 'member';
  muted: Flag;
  /** The read marker: messages with a seq up to this are read. */
  lastReadSeq: number;
  joinedAt: string;
};

export type RoomMessagesTable = {
  id: string;
  roomId: string;
  seq: number;
  updatedSeq: number;
  kind: 'person' | 'assistant';
  /** null: the account was deleted (or an assistant reply). */
  senderId: string | null;
  text: string;
  replyToId: string | null;
  clientId: string | null;
  status: 'streaming' | 'complete' | 'stopped' | 'error' | 'blocked' | null;
  /** JSON of ToolCall[]. */
  toolCalls: string | null;
  askedBy: string | null;
  createdAt: string;
  editedAt: string | null;
  deletedAt: string | null;
};

export type RoomMentionsTable = { messageId: string; roomId: string; userId: string; seq: number };
export type RoomReactionsTable = { messageId: string; userId: string; emoji: string; createdAt: string };

/** A stored file (`<dataDir>/uploads/<file>`). */
export type UploadsTable = {
  id: string;
  /** The uploader (null once their account is deleted). */
  userId: string | null;
  name: string;
  type: string;
  size: number;
  /** Random file name under the uploads folder. */
  file: string;
  createdAt: string;
};

export type RoomAttachmentsTable = { messageId: string; uploadId: string; position: number };

/** Per-member people-chat facts: the admin's switch and when they were last connected. */
export type PeopleTable = { userId: string; chatEnabled: Flag; lastSeenAt: string | null };

export type RoomSearchDocsTable = { id: Generated<number>; messageId: string; roomId: string };

/** Editable settings of a model server, keyed by its id (configured servers have no other row). */
export type ConnectionSettingsTable = {
  connectionId: string;
  name: string | null;
  maxConcurrent: number | null;
  updatedAt: string;
};

/** A model's display name and whether members see it, keyed by `<connectionId>/<name>`. */
export type ModelSettingsTable = {
  modelId: string;
  connectionId: string;
  displayName: string | null;
  hidden: number;
  updatedAt: string;
};

/** Who guards a supervised member (a child may have several guardians). */
export type GuardiansTable = { childId: string; guardianId: string; createdAt: string };

/** A supervised member's controls beyond the allow-lists and people-chat switch (JSON). */
export type FamilyControlsTable = { userId: string; controls: string; updatedAt: string };

/** Extra messages or tokens a guardian granted for one day (household time zone). */
export type FamilyExtrasTable = { userId: string; day: string; messages: number; tokens: number };

/** What the content filter flagged for a supervised member. */
export type SafetyFlagsTable = {
  id: string;
  userId: string;
  at: string;
  direction: 'input' | 'output';
  category: string;
  excerpt: string;
  conversationId: string | null;
  roomId: string | null;
  reviewedAt: string | null;
  reviewedBy: string | null;
};

/** A member's own limit of generations at once (migration 0015; generation/limits-store.ts). No row: one. */
export type GenerationLimitsTable = { userId: string; maxGenerations: number; updatedAt: string };

export type Database = {
  users: UsersTable;
  sessions: SessionsTable;
  apiTokens: ApiTokensTable;
  connections: ConnectionsTable;
  conversations: ConversationsTable;
  messages: MessagesTable;
  auditLog: AuditLogTable;
  tasks: TasksTable;
  userPermissions: UserPermissionsTable;
  settings: SettingsTable;
  invites: InvitesTable;
  usage: UsageTable;
  passkeys: PasskeysTable;
  webauthnChallenges: WebauthnChallengesTable;
  rooms: RoomsTable;
  roomMembers: RoomMembersTable;
  roomMessages: RoomMessagesTable;
  roomMentions: RoomMentionsTable;
  roomReactions: RoomReactionsTable;
  uploads: UploadsTable;
  roomAttachments: RoomAttachmentsTable;
  people: PeopleTable;
  roomSearchDocs: RoomSearchDocsTable;
  connectionSettings: ConnectionSettingsTable;
  modelSettings: ModelSettingsTable;
  guardians: GuardiansTable;
  familyControls: FamilyControlsTable;
  familyExtras: FamilyExtrasTable;
  safetyFlags: SafetyFlagsTable;
  generationLimits: GenerationLimitsTable;
};

export type UserRow = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;
export type SessionRow = Selectable<SessionsTable>;
export type ConnectionRow = Selectable<ConnectionsTable>;
export type ConversationRow = Selectable<ConversationsTable>;
export type MessageRow = Selectable<MessagesTable>;
