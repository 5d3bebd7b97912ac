/** Hearth as the benches start it: production's startServer on 127.0.0.1, a new temporary data dir, logging off. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '#server/config';
import { startServer, type RunningServer } from '#server/main';

/** A running bench server and its data dir (remove it after `server.close()`). */
export type BenchServer = { server: RunningServer; dataDir: string };

/**
 * Starts Hearth pointed at the fake's OpenAI endpoint (null: no model server at all); `env` adds
 * or overrides configuration.
 */
export async function startBenchServer(
  fakeOpenaiBaseUrl: string | null,
  env: Record<string, string> = {},
): Promise<BenchServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-bench-'));
  const server = await startServer(
    loadConfig({
      HEARTH_HOST: '127.0.0.1',
      HEARTH_PORT: '0',
      HEARTH_DATA_DIR: dataDir,
      HEARTH_MODEL_SERVERS: fakeOpenaiBaseUrl === null ? '' : `openai=${fakeOpenaiBaseUrl}`,
      HEARTH_PROBE_DEFAULT_SERVERS: '0',
      HEARTH_LOG_LEVEL: 'silent',
      ...env,
    }),
    { quiet: true },
  );
  return { server, dataDir };
}
