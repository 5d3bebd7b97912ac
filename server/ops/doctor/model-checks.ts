/**
 * The doctor's check of each model server, through the server's own provider code: it answers,
 * lists its models, and writes a one-token reply (with the time to its first token).
 */
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import type { FastifyBaseLogger } from 'fastify';
import { CamelCasePlugin, Kysely, SqliteDialect } from 'kysely';
import type { Config } from '#server/config';
import { migrateToLatest, openDatabase, type Db } from '#server/db/database';
import type { Database } from '#server/db/schema';
import { displayUrl } from '#server/providers/errors';
import { ModelRegistry, probeTargets } from '#server/providers/registry';
import { ModelServerError, type ConnectionInfo, type ModelProvider } from '#server/providers/types';
import { fail, pass, type Finding } from './finding';

/** The longest the test reply may take to its first token (a model may have to load first). */
const REPLY_TIMEOUT_MS = 60_000;

const silent: FastifyBaseLogger = {
  level: 'silent',
  fatal: () => {},
  error: () => {},
  warn: () => {},
  info: () => {},
  debug: () => {},
  trace: () => {},
  silent: () => {},
  child: () => silent,
};

/**
 * The database the model servers are listed in (the admin console adds some), or, when there is
 * none yet, an empty one in memory: the doctor never creates files.
 */
async function connectionsDatabase(config: Config): Promise<Db> {
  if (fs.existsSync(path.join(config.dataDir, 'hearth.sqlite'))) return openDatabase(config);
  const db = new Kysely<Database>({
    dialect: new SqliteDialect({ database: new SQLite(':memory:') }),
    plugins: [new CamelCasePlugin()],
  });
  await migrateToLatest(db);
  return db;
}

const reason = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** Time to the first token of a one-token reply from `model`, or null when nothing came. */
async function firstTokenMs(provider: ModelProvider, model: string): Promise<number | null> {
  const controller = new AbortController();
  const timer = setTimeout(
    () => controller.abort(new Error(`no token within ${REPLY_TIMEOUT_MS / 1000} s`)),
    REPLY_TIMEOUT_MS,
  );
  const started = performance.now();
  try {
    for await (const part of provider.streamChat({
      model,
      messages: [{ role: 'user', content: 'Reply with the single word OK.' }],
      options: { maxTokens: 1 },
      signal: controller.signal,
    })) {
      if (part.kind === 'delta' || part.kind === 'reasoning') return performance.now() - started;
    }
    return null;
  } finally {
    clearTimeout(timer);
    // Closes the upstream request once the first token is in: the server stops computing.
    controller.abort();
  }
}

/** One server: reachable, its models, a one-token reply. */
async function checkServer(config: Config, provider: ModelProvider, connection: ConnectionInfo): Promise<Finding> {
  // Names made from HEARTH_MODEL_SERVERS carry the address already.
  const named = connection.name.includes(new URL(connection.baseUrl).host);
  const check = `Model server ${connection.name}${named ? '' : ` (${displayUrl(connection.baseUrl)})`}`;
  const where = connection.id.startsWith('env-') ? 'HEARTH_MODEL_SERVERS' : "the admin console's Model servers";
  let models;
  try {
    models = await provider.listModels(AbortSignal.timeout(Math.max(3000, config.modelConnectTimeoutMs)));
  } catch (err) {
    return fail(
      check,
      `does not answer: ${reason(err)}`,
      `Start the model server (LM Studio's server, or \`ollama serve\`), or correct its address in ${where}.`,
    );
  }
  if (models.length === 0) {
    return fail(
      check,
      'answers, but offers no models.',
      connection.provider === 'ollama'
        ? 'Download one: ollama pull llama3.2'
        : 'Load a model in the server (in LM Studio: the Developer tab, Load model).',
    );
  }
  const names = models.map((m) => m.name);
  const listed = `${models.length} model(s): ${names.slice(0, 5).join(', ')}${names.length > 5 ? ', …' : ''}`;
  const model = names[0]!;
  try {
    const ms = await firstTokenMs(provider, model);
    if (ms === null) return pass(check, `${listed}; ${model} answered a test with no text`);
    return pass(check, `${listed}; a one-token reply from ${model}: first token after ${Math.round(ms)} ms`);
  } catch (err) {
    const detail = err instanceof ModelServerError ? err.message : reason(err);
    return fail(
      check,
      `${listed}; but a one-token test reply from ${model} failed: ${detail}`,
      "Check the model server's own log; try the model there (ollama run, or LM Studio's chat), and load it if it is not loaded.",
    );
  }
}

/** Every model server Hearth would use, each checked at the same time. */
export async function checkModelServers(config: Config): Promise<Finding[]> {
  let db: Db;
  try {
    db = await connectionsDatabase(config);
  } catch (err) {
    return [
      fail(
        'Model servers',
        `not checked: their list cannot be read (${reason(err)}).`,
        'Fix the database first (above).',
      ),
    ];
  }
  try {
    const registry = new ModelRegistry({ config, db, log: silent });
    let connections: ConnectionInfo[];
    try {
      connections = await registry.connections();
    } catch (err) {
      return [
        fail(
          'Model servers',
          `not checked: their list cannot be read (${reason(err)}).`,
          'Fix the database first (above).',
        ),
      ];
    }
    if (connections.length === 0) {
      return [
        fail(
          'Model servers',
          'none is configured, and looking for LM Studio and Ollama on this machine is turned off (HEARTH_PROBE_DEFAULT_SERVERS=0).',
          'Set HEARTH_MODEL_SERVERS, e.g. ollama=http://127.0.0.1:11434, or add one in the admin console.',
        ),
      ];
    }
    const findings = await Promise.all(connections.map((c) => checkServer(config, registry.providerFor(c), c)));
    // Nothing configured: Hearth looks on LM Studio's and Ollama's usual ports, and one of the two is enough.
    const probeIds = new Set(probeTargets(config).map((t) => t.id));
    const probed = config.modelServers === undefined && connections.every((c) => probeIds.has(c.id));
    if (probed && findings.some((f) => f.ok)) {
      return findings.map((f) => (f.ok ? f : pass(f.check, 'nothing answers on its usual port; not in use')));
    }
    if (probed) {
      return [
        fail(
          'Model servers',
          'none is configured, and neither LM Studio (port 1234) nor Ollama (port 11434) answers on this machine.',
          "Start LM Studio's server or Ollama, or set HEARTH_MODEL_SERVERS to where yours runs.",
        ),
      ];
    }
    return findings;
  } finally {
    await db.destroy();
  }
}
