/**
 * The only module that reads the environment. Parses it once with zod, reports every problem
 * at once, and hands out a frozen, typed object.
 */
import path from 'node:path';
import { z } from 'zod';

const booleanFlag = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no'])
  .transform((v) => v === '1' || v === 'true' || v === 'yes');

/** One model server from HEARTH_MODEL_SERVERS: `provider=baseUrl`. */
export type ConfiguredModelServer = { provider: 'openai' | 'ollama'; baseUrl: string };

const modelServers = z
  .string()
  .trim()
  .transform((raw, ctx): ConfiguredModelServer[] => {
    if (raw === '') return [];
    const servers: ConfiguredModelServer[] = [];
    for (const entry of raw
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)) {
      const eq = entry.indexOf('=');
      const provider = entry.slice(0, eq).trim();
      const baseUrl = entry.slice(eq + 1).trim();
      if (eq < 0 || (provider !== 'openai' && provider !== 'ollama') || !URL.canParse(baseUrl)) {
        ctx.addIssue({
          code: 'custom',
          message: `"${entry}" is not provider=baseUrl with provider openai or ollama and a full URL`,
        });
        continue;
      }
      servers.push({ provider, baseUrl: baseUrl.replace(/\/+$/, '') });
    }
    return servers;
  });

/**
 * HEARTH_TRUST_PROXY: `1`/`true` trusts X-Forwarded-* from any peer, `0` from none; a
 * comma-separated list of addresses or CIDR ranges trusts only those proxies.
 */
const trustProxy = z.union([
  booleanFlag,
  z
    .string()
    .trim()
    .regex(/^[0-9a-fA-F.:/]+(\s*,\s*[0-9a-fA-F.:/]+)*$/, 'must be 1, 0, or comma-separated proxy addresses/CIDR ranges')
    .transform((raw) => raw.split(',').map((s) => s.trim())),
]);

const envSchema = z.object({
  HEARTH_HOST: z.string().default('0.0.0.0').describe('Address the server listens on'),
  HEARTH_PORT: z.coerce.number().int().min(0).max(65535).default(8000),
  HEARTH_DATA_DIR: z.string().default('./data').describe('SQLite database and other state'),
  HEARTH_DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres://')
    .optional()
    .describe('PostgreSQL URL; unset means SQLite in the data dir'),
  HEARTH_MODEL_SERVERS: modelServers.optional(),
  HEARTH_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  HEARTH_SESSION_IDLE_HOURS: z.coerce
    .number()
    .positive()
    .default(24 * 7),
  HEARTH_SESSION_MAX_DAYS: z.coerce.number().positive().default(30),
  HEARTH_TRUST_PROXY: trustProxy.default(false),
  HEARTH_PUBLIC_URL: z
    .url({ protocol: /^https?$/ })
    .optional()
    .describe('The address people use, e.g. https://hearth.example.org; passkeys are bound to it'),
  HEARTH_RATE_LIMIT_SIGNIN_PER_MINUTE: z.coerce.number().int().min(0).default(30),
  HEARTH_RATE_LIMIT_CHAT_PER_MINUTE: z.coerce.number().int().min(0).default(60),
  HEARTH_RATE_LIMIT_API_PER_MINUTE: z.coerce.number().int().min(0).default(600),
  HEARTH_RATE_LIMIT_DATA_PER_MINUTE: z.coerce.number().int().min(0).default(10),
  HEARTH_SECURE_COOKIES: z.enum(['auto', 'always', 'never']).default('auto'),
  HEARTH_MAX_MESSAGE_CHARS: z.coerce.number().int().positive().default(200_000),
  HEARTH_MAX_UPLOAD_MB: z.coerce.number().positive().max(4096).default(25),
  HEARTH_GENERATED_TITLES: booleanFlag.default(true).describe('Ask the model for a short title after the first reply'),
  HEARTH_MODELS_CACHE_SECONDS: z.coerce.number().min(0).default(10),
  HEARTH_MODEL_CONNECT_TIMEOUT_SECONDS: z.coerce.number().positive().default(10),
  HEARTH_MODEL_FIRST_TOKEN_TIMEOUT_SECONDS: z.coerce.number().positive().default(300),
  HEARTH_PROBE_DEFAULT_SERVERS: booleanFlag.default(true),
  HEARTH_PROBE_SERVERS: modelServers
    .optional()
    .describe(
      'Where auto-detection looks (provider=baseUrl, comma-separated); unset: LM Studio and Ollama on 127.0.0.1',
    ),
  HEARTH_MAX_SOCKETS_PER_USER: z.coerce
    .number()
    .int()
    .positive()
    .default(20)
    .describe('WebSocket connections one account may hold open; the next is closed'),
  HEARTH_TLS: z
    .enum(['off', 'auto'])
    .default('off')
    .describe('auto: HTTPS with a certificate from a small local CA made in the data dir (see /tls)'),
  HEARTH_TLS_PORT: z.coerce.number().int().min(0).max(65535).default(8443),
  HEARTH_MUSIC_DIRS: z.string().default('').describe('Comma-separated folders the admin may scan from the web app'),
  HEARTH_MODELS_WITHOUT_TOOLS: z
    .string()
    .default('')
    .describe('Comma-separated model ids that cannot call tools: their tools are offered as fenced blocks in text'),
  HEARTH_TIMEZONE: z
    .string()
    .optional()
    .refine((zone) => zone === undefined || zone === '' || isTimeZone(zone), {
      message: 'is not a time zone this system knows (e.g. Europe/Berlin)',
    })
    .describe("The household's time zone (quiet hours, daily limits' midnight); default: the server's"),
});

/** Whether Intl knows the IANA zone name. */
function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Hearth's validated configuration. */
export type Config = Readonly<{
  host: string;
  port: number;
  dataDir: string;
  databaseUrl: string | undefined;
  /** Explicit model servers, or undefined when HEARTH_MODEL_SERVERS is unset (then: probe). */
  modelServers: readonly ConfiguredModelServer[] | undefined;
  probeDefaultServers: boolean;
  /** Where auto-detection looks (HEARTH_PROBE_SERVERS), or undefined: LM Studio's and Ollama's usual ports. */
  probeServers: readonly ConfiguredModelServer[] | undefined;
  logLevel: z.infer<typeof envSchema>['HEARTH_LOG_LEVEL'];
  sessionIdleMs: number;
  sessionMaxMs: number;
  /** Whose X-Forwarded-* headers to believe: everyone's (true), no one's, or these proxies'. */
  trustProxy: boolean | readonly string[];
  /** The public origin (HEARTH_PUBLIC_URL), or undefined: then the request's own host is used. */
  publicUrl: string | undefined;
  /**
   * Requests per minute (0 = no limit): sign-ins per address, chat sends per user, API calls per
   * user or address, imports and full-data exports per user.
   */
  rateLimits: Readonly<{ signInPerMinute: number; chatPerMinute: number; apiPerMinute: number; dataPerMinute: number }>;
  secureCookies: 'auto' | 'always' | 'never';
  maxMessageChars: number;
  /** Largest file a member can post in people chat (HEARTH_MAX_UPLOAD_MB), in bytes. */
  maxUploadBytes: number;
  /** Ask the model for a title after a conversation's first reply (else: its first words). */
  generatedTitles: boolean;
  modelsCacheMs: number;
  modelConnectTimeoutMs: number;
  modelFirstTokenTimeoutMs: number;
  /** Open WebSockets per account (per process); one more is closed with code 4008. */
  maxSocketsPerUser: number;
  /**
   * Throw-away mode (`hearth serve --memory`): the data dir is a temporary folder removed at
   * exit, and the web app says so. Never set from the environment, only by that flag.
   */
  memory: boolean;
  /** HTTPS with a local CA (`auto`) on `tlsPort`, HEARTH_PORT then only redirects; or plain HTTP. */
  tls: 'off' | 'auto';
  tlsPort: number;
  /** Folders (absolute) an admin may scan from the web app; empty: none. */
  musicDirs: readonly string[];
  /** Models that cannot call tools (their tools are offered in plain text). */
  modelsWithoutTools: readonly string[];
  /** The household's IANA time zone (HEARTH_TIMEZONE, else the server's): days and quiet hours. */
  timeZone: string;
}>;

/** "a, b,," → ["a", "b"]. */
const commaList = (raw: string): string[] =>
  raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** A configuration problem, with every bad variable listed. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/**
 * Parses the environment (process.env by default; tests pass their own object).
 * @throws ConfigError naming every invalid variable
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = parsed.data;
  return Object.freeze({
    host: e.HEARTH_HOST,
    port: e.HEARTH_PORT,
    dataDir: path.resolve(e.HEARTH_DATA_DIR),
    databaseUrl: e.HEARTH_DATABASE_URL,
    modelServers: e.HEARTH_MODEL_SERVERS,
    probeDefaultServers: e.HEARTH_PROBE_DEFAULT_SERVERS,
    probeServers: e.HEARTH_PROBE_SERVERS?.length ? e.HEARTH_PROBE_SERVERS : undefined,
    logLevel: e.HEARTH_LOG_LEVEL,
    sessionIdleMs: e.HEARTH_SESSION_IDLE_HOURS * 3_600_000,
    sessionMaxMs: e.HEARTH_SESSION_MAX_DAYS * 86_400_000,
    trustProxy: e.HEARTH_TRUST_PROXY,
    publicUrl: e.HEARTH_PUBLIC_URL ? new URL(e.HEARTH_PUBLIC_URL).origin : undefined,
    rateLimits: Object.freeze({
      signInPerMinute: e.HEARTH_RATE_LIMIT_SIGNIN_PER_MINUTE,
      chatPerMinute: e.HEARTH_RATE_LIMIT_CHAT_PER_MINUTE,
      apiPerMinute: e.HEARTH_RATE_LIMIT_API_PER_MINUTE,
      dataPerMinute: e.HEARTH_RATE_LIMIT_DATA_PER_MINUTE,
    }),
    secureCookies: e.HEARTH_SECURE_COOKIES,
    maxMessageChars: e.HEARTH_MAX_MESSAGE_CHARS,
    maxUploadBytes: Math.floor(e.HEARTH_MAX_UPLOAD_MB * 1024 * 1024),
    generatedTitles: e.HEARTH_GENERATED_TITLES,
    modelsCacheMs: e.HEARTH_MODELS_CACHE_SECONDS * 1000,
    modelConnectTimeoutMs: e.HEARTH_MODEL_CONNECT_TIMEOUT_SECONDS * 1000,
    modelFirstTokenTimeoutMs: e.HEARTH_MODEL_FIRST_TOKEN_TIMEOUT_SECONDS * 1000,
    maxSocketsPerUser: e.HEARTH_MAX_SOCKETS_PER_USER,
    memory: false,
    tls: e.HEARTH_TLS,
    tlsPort: e.HEARTH_TLS_PORT,
    musicDirs: Object.freeze(commaList(e.HEARTH_MUSIC_DIRS).map((dir) => path.resolve(dir))),
    modelsWithoutTools: Object.freeze(commaList(e.HEARTH_MODELS_WITHOUT_TOOLS)),
    timeZone: e.HEARTH_TIMEZONE || Intl.DateTimeFormat().resolvedOptions().timeZone,
  });
}
