/**
 * Bench child: Hearth itself, started as production starts it (startServer on a real port, a
 * temporary SQLite data dir, logging off), pointed at the fake model server's OpenAI endpoint.
 * It makes the bench users (each allowed 16 replies at once), then reports its URL and their
 * credentials to run.ts over IPC.
 */
import fs from 'node:fs';
import { MAX_MEMBER_LIMIT, setMemberGenerationLimit } from '#server/generation/limits';
import { createUser } from '#test/helpers';
import { startBenchServer } from './bench-server';
import { failToParent, serveParent } from './child';

/** What run.ts passes in argv[2]. */
export type ServerOptions = { fakeOpenaiBaseUrl: string; users: number };
/** What this child reports when it is listening. */
export type ServerInfo = { url: string; users: { username: string; password: string }[] };

async function main(): Promise<void> {
  const options = JSON.parse(process.argv[2] ?? '{}') as ServerOptions;
  const { server, dataDir } = await startBenchServer(options.fakeOpenaiBaseUrl);
  const users: ServerInfo['users'] = [];
  for (let i = 0; i < options.users; i++) {
    const { user, password } = await createUser(server.app, { username: `bench${i + 1}` });
    // Each user sends several streams at once; by default a member runs one reply at a time and
    // the rest queue (issue 13), which would measure the fair queue, not the relay. An admin can
    // raise it to 16, as here.
    await setMemberGenerationLimit(server.app.ctx, user.id, MAX_MEMBER_LIMIT);
    users.push({ username: user.username, password });
  }
  serveParent<ServerInfo>({ url: server.url, users }, async () => {
    await server.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
}

main().catch(failToParent);
