/**
 * The doctor's checks of this machine: the configuration, the data dir's permissions, the
 * database (integrity, migrations) and the port.
 */
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { ConfigError, loadConfig, type Config } from '#server/config';
import { migrations } from '#server/db/migrations/index';
import { answers } from '#server/ops/admin-socket';
import { adminSocketPath } from '#server/ops/admin-protocol';
import { fail, pass, type Finding } from './finding';

/** The configuration, or a finding per bad variable. */
export function checkConfig(env: Record<string, string | undefined>): { config: Config | null; findings: Finding[] } {
  try {
    const config = loadConfig(env);
    return { config, findings: [pass('Configuration', 'every HEARTH_* variable is valid')] };
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    return {
      config: null,
      findings: err.problems.map((problem) => {
        const [name = '', ...rest] = problem.split(': ');
        return fail(
          `Configuration: ${name}`,
          `${name} is set to something Hearth cannot use (${rest.join(': ')}).`,
          `Correct ${name} where Hearth's environment is set (the shell, .env, or Environment= in deploy/hearth.service), or remove it to use the default.`,
        );
      }),
    };
  }
}

/** The data dir exists, is a folder this user may write to, and others may not read. */
export function checkDataDir(config: Config): Finding {
  const dir = config.dataDir;
  const check = `Data dir ${dir}`;
  let stat: fs.Stats;
  try {
    stat = fs.statSync(dir);
  } catch {
    return fail(
      check,
      'does not exist yet.',
      `Start Hearth once (hearth serve) to create it, or run: mkdir -m 700 -p ${dir}`,
    );
  }
  if (!stat.isDirectory())
    return fail(check, 'is not a folder.', `Move that file away, or point HEARTH_DATA_DIR at a folder.`);
  try {
    fs.accessSync(dir, fs.constants.W_OK | fs.constants.X_OK);
  } catch {
    return fail(
      check,
      'cannot be written to by this user.',
      `Run hearth as the user Hearth runs as (e.g. sudo -u hearth …), or give that user the folder: chown -R <user> ${dir}`,
    );
  }
  if ((stat.mode & 0o007) !== 0) {
    return fail(
      check,
      `can be read by every user of this machine (mode ${(stat.mode & 0o777).toString(8)}); it holds everyone's chats.`,
      `Close it to others: chmod o-rwx ${dir}`,
    );
  }
  return pass(check, 'exists, is writable, and is closed to other users');
}

/** The database passes the integrity check and has every migration of this Hearth, and no newer. */
export function checkDatabase(config: Config): Finding {
  if (config.databaseUrl) {
    return fail(
      'Database',
      'HEARTH_DATABASE_URL names a PostgreSQL database, which this Hearth cannot use yet.',
      'Unset HEARTH_DATABASE_URL to use the built-in SQLite database in the data dir.',
    );
  }
  const file = path.join(config.dataDir, 'hearth.sqlite');
  const check = `Database ${file}`;
  if (!fs.existsSync(file)) {
    return fail(
      check,
      'does not exist yet.',
      'Start Hearth once (hearth serve) to create it, or restore a backup (hearth restore <file>).',
    );
  }
  let db: SQLite.Database | undefined;
  try {
    db = new SQLite(file, { fileMustExist: true });
    db.pragma('busy_timeout = 5000');
    const result = (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check);
    if (result[0] !== 'ok') {
      return fail(
        check,
        `is damaged: SQLite's integrity check says "${result.slice(0, 3).join('; ')}".`,
        'Stop Hearth and restore the latest backup (hearth restore <file>).',
      );
    }
    const hasTable = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'kysely_migration'").get();
    const applied = new Set(
      hasTable ? (db.prepare('SELECT name FROM kysely_migration').all() as { name: string }[]).map((r) => r.name) : [],
    );
    const known = Object.keys(migrations);
    const newer = [...applied].filter((name) => !known.includes(name));
    if (newer.length > 0) {
      return fail(
        check,
        `was last used by a newer Hearth (it has migration ${newer[0]}).`,
        'Upgrade this Hearth to that version again.',
      );
    }
    const pending = known.filter((name) => !applied.has(name));
    if (pending.length > 0) {
      return fail(
        check,
        `is sound, but ${pending.length} update(s) of its layout are not applied yet (${pending.join(', ')}).`,
        'Take a backup (hearth backup <file>), then start Hearth: it applies them at start.',
      );
    }
    return pass(check, 'passes the integrity check; its layout is up to date');
  } catch (err) {
    return fail(
      check,
      `cannot be opened (${(err as Error).message}).`,
      'Stop Hearth and restore the latest backup (hearth restore <file>).',
    );
  } finally {
    db?.close();
  }
}

/** Whether `host:port` can be listened on now: null when free, else the error code. */
function tryListen(host: string, port: number): Promise<string | null> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve(null)));
  });
}

/** Whether a Hearth answers `/healthz` on the port (from this machine). */
async function hearthAnswers(port: number): Promise<boolean> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(3000) });
    return res.ok && ((await res.json()) as { status?: unknown }).status === 'ok';
  } catch {
    return false;
  }
}

/** The port is free, or in use by this Hearth (its admin socket and `/healthz` both answer). */
export async function checkPort(config: Config): Promise<Finding> {
  const check = `Port ${config.port} on ${config.host}`;
  if (config.port === 0) return pass(check, 'port 0: any free port is taken at start');
  const problem = await tryListen(config.host, config.port);
  if (problem === null) return pass(check, 'is free: Hearth can listen there');
  if (problem === 'EADDRINUSE') {
    const running = await answers(adminSocketPath(config)).catch(() => false);
    if (running && (await hearthAnswers(config.port))) return pass(check, 'is in use by this Hearth, which is running');
    return fail(
      check,
      'is in use by another program.',
      `Stop that program (sudo ss -ltnp 'sport = :${config.port}' shows which), or choose another port with HEARTH_PORT.`,
    );
  }
  if (problem === 'EACCES') {
    return fail(
      check,
      'may not be used by this user (ports below 1024 need root).',
      'Set HEARTH_PORT to 1024 or above (8000 is the default) and put a reverse proxy in front for port 80/443.',
    );
  }
  if (problem === 'EADDRNOTAVAIL') {
    return fail(
      check,
      `${config.host} is not an address of this machine.`,
      'Set HEARTH_HOST to one of its addresses, or 0.0.0.0 for all.',
    );
  }
  return fail(check, `cannot be listened on (${problem}).`, 'Check HEARTH_HOST and HEARTH_PORT.');
}
