/**
 * The services of a process on the database the server uses (same variables, same migrations),
 * for an operator command while no server runs.
 */
import type { FastifyBaseLogger } from 'fastify';
import { loadConfig, type Config } from '#server/config';
import type { AppContext } from '#server/context';
import { migrateToLatest, openDatabase } from '#server/db/database';
import { createContext } from '#server/services';
import type { CliIo } from './io';

const LEVELS = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60, silent: Infinity } as const;

/**
 * The services' logger for a command: plain `hearth: …` lines on stderr, warnings and worse
 * unless HEARTH_LOG_LEVEL asks for more (or less).
 */
export function commandLogger(io: CliIo, level: Config['logLevel']): FastifyBaseLogger {
  // The server's default, info, would chatter on a command's stderr; debug and trace are asked for.
  const threshold = LEVELS[level] <= LEVELS.debug ? LEVELS[level] : Math.max(LEVELS.warn, LEVELS[level]);
  const at =
    (value: number) =>
    (...args: unknown[]) => {
      if (value < threshold) return;
      const [first, second] = args;
      const message = typeof first === 'string' ? first : typeof second === 'string' ? second : '';
      const err = first && typeof first === 'object' && 'err' in first && first.err instanceof Error ? first.err : null;
      io.stderr.write(`hearth: ${message}${err ? `: ${err.message}` : ''}\n`);
    };
  const logger: FastifyBaseLogger = {
    level,
    fatal: at(LEVELS.fatal),
    error: at(LEVELS.error),
    warn: at(LEVELS.warn),
    info: at(LEVELS.info),
    debug: at(LEVELS.debug),
    trace: at(LEVELS.trace),
    silent: () => {},
    child: () => logger,
  };
  return logger;
}

/**
 * Runs `fn` with the services of a process built on the migrated database, as the server builds
 * them (no HTTP, nothing listening), and closes them afterwards. For operator commands while no
 * server runs: they call the same functions the server would.
 */
export async function withContext<T>(io: CliIo, fn: (ctx: AppContext) => Promise<T>): Promise<T> {
  const config = loadConfig(io.env);
  const db = openDatabase(config);
  try {
    await migrateToLatest(db);
    const ctx = createContext({ config, db, log: commandLogger(io, config.logLevel) });
    try {
      return await fn(ctx);
    } finally {
      await ctx.generations.shutdown();
      ctx.music.close();
      await ctx.bus.close();
    }
  } finally {
    await db.destroy();
  }
}
