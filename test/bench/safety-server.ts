/**
 * Bench child for `bench:safety`: Hearth as production starts it, pointed at the fake model
 * server, with `users` adults (no filter) and as many supervised members (the word-list filter
 * on every send and reply), each with a `chat` API token, so the bench signs nobody in.
 * Each member streams one reply at a time, as a family's members do.
 */
import fs from 'node:fs';
import { createApiToken } from '#server/auth/api-tokens';
import { superviseWith } from '#server/safety/family/filter-test-support';
import { createUser } from '#test/helpers';
import { startBenchServer } from './bench-server';
import { failToParent, serveParent } from './child';

/** What safety.ts passes in argv[2]. */
export type SafetyServerOptions = { fakeOpenaiBaseUrl: string; users: number };
/** What this child reports when it is listening: a token per member, by kind. */
export type SafetyServerInfo = { url: string; adults: string[]; children: string[] };

async function main(): Promise<void> {
  const options = JSON.parse(process.argv[2] ?? '{}') as SafetyServerOptions;
  const { server, dataDir } = await startBenchServer(options.fakeOpenaiBaseUrl, {
    HEARTH_RATE_LIMIT_API_PER_MINUTE: '0',
    HEARTH_GENERATED_TITLES: '0',
  });
  const app = server.app;
  const token = async (supervised: boolean, i: number) => {
    const { user } = await createUser(app, { username: `${supervised ? 'kid' : 'adult'}${i + 1}`, supervised });
    return { user, token: (await createApiToken(app.ctx, user, 'bench', 'chat')).token };
  };
  const adults = [];
  const children = [];
  for (let i = 0; i < options.users; i++) adults.push(await token(false, i));
  for (let i = 0; i < options.users; i++) {
    const child = await token(true, i);
    await superviseWith(app, child.user.id, adults[0]!.user.id);
    children.push(child);
  }
  serveParent<SafetyServerInfo>(
    { url: server.url, adults: adults.map((a) => a.token), children: children.map((c) => c.token) },
    async () => {
      await server.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  );
}

main().catch(failToParent);
