/**
 * Bench child for `npm run bench:people`: Hearth as production starts it (startServer on a real
 * port, a temporary SQLite data dir, logging off), with the request rate limits off so that
 * 2,000 members connecting and posting from one address are not refused. The members are made
 * with the accounts service and their browser sessions straight through the sessions module
 * (no 2,000 password sign-ins); people.ts makes the rooms over HTTP like a member would.
 */
import fs from 'node:fs';
import { createUser } from '#server/accounts/service';
import { createSession } from '#server/auth/sessions';
import { startBenchServer } from './bench-server';
import { failToParent, serveParent } from './child';

/** What people.ts passes in argv[2]. */
export type HearthOptions = { members: number };
/** One member as the clients use them: a session cookie and its CSRF token. */
export type BenchMember = { id: string; cookie: string; csrfToken: string };
/** What this child reports when it is listening. */
export type HearthInfo = { url: string; members: BenchMember[] };

/** Hashing passwords is the slow part (argon2): a few at a time on the libuv pool. */
const PARALLEL = 8;

async function main(): Promise<void> {
  const { members: count } = JSON.parse(process.argv[2] ?? '{}') as HearthOptions;
  const { server, dataDir } = await startBenchServer(null, {
    HEARTH_RATE_LIMIT_API_PER_MINUTE: '0',
    HEARTH_RATE_LIMIT_CHAT_PER_MINUTE: '0',
    HEARTH_RATE_LIMIT_SIGNIN_PER_MINUTE: '0',
    HEARTH_GENERATED_TITLES: '0',
  });
  const ctx = server.app.ctx;
  const members: BenchMember[] = [];
  for (let start = 0; start < count; start += PARALLEL) {
    const batch = Array.from({ length: Math.min(PARALLEL, count - start) }, (_, k) => start + k);
    members.push(
      ...(await Promise.all(
        batch.map(async (i) => {
          const user = await createUser(ctx, { username: `member${i}`, password: `bench member password ${i}` });
          const { token, session } = await createSession(ctx, user.id);
          return { id: user.id, cookie: `hearth_session=${token}`, csrfToken: session.csrfToken };
        }),
      )),
    );
  }
  serveParent<HearthInfo>({ url: server.url, members }, async () => {
    await server.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
}

main().catch(failToParent);
