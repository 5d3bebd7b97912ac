/**
 * Bench child: Hearth itself, started as production starts it (startServer on a real port, a
 * temporary SQLite data dir, logging off), pointed at the fake model server's OpenAI endpoint.
 * It makes the bench users, then reports its URL and their credentials to run.ts over IPC.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '#server/config';
import { startServer } from '#server/main';
import { createUser } from '#test/helpers';
import { failToParent, serveParent } from './child';

/** What run.ts passes in argv[2]. */
export type ServerOptions = { fakeOpenaiBaseUrl: string; users: number };
/** What this child reports when it is listening. */
export type ServerInfo = { url: string; users: { username: string; password: string }[] };

async function main(): Promise<void> {
  const options = JSON.parse(process.argv[2] ?? '{}') as ServerOptions;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-bench-'));
  const server = await startServer(
    loadConfig({
      HEARTH_HOST: '127.0.0.1',
      HEARTH_PORT: '0',
      HEARTH_DATA_DIR: dataDir,
      HEARTH_MODEL_SERVERS: `openai=${options.fakeOpenaiBaseUrl}`,
      HEARTH_PROBE_DEFAULT_SERVERS: '0',
      HEARTH_LOG_LEVEL: 'silent',
    }),
    { quiet: true },
  );
  const users: ServerInfo['users'] = [];
  for (let i = 0; i < options.users; i++) {
    const { user, password } = await createUser(server.app, { username: `bench${i + 1}` });
    users.push({ username: user.username, password });
  }
  serveParent<ServerInfo>({ url: server.url, users }, async () => {
    await server.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
}

main().catch(failToParent);
