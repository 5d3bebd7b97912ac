/**
 * Bench child for `npm run bench:people`: Hearth as production starts it (startServer on a real
 * port, a temporary SQLite data dir, logging off), with the request rate limits off so that
 * 2,000 members connecting and posting from one address are not refused. The members' rows and
 * their browser sessions are made directly (no 2,000 password sign-ins); people.ts makes the
 * rooms over HTTP like a member would.
 */
import fs from 'node:fs';
import { sql } from 'kysely';
import { hashPassword } from '#server/accounts/passwords';
import { newId } from '#server/db/ids';
import { createSession } from '#server/auth/sessions';
import { startBenchServer } from './bench-server';
import { failToParent, serveParent } from './child';

/** What people.ts passes in argv[2]. */
export type HearthOptions = { members: number };
/** One member as the clients use them: a session cookie and its CSRF token. */
export type BenchMember = { id: string; cookie: string; csrfToken: string };
/** What this child reports when it is listening. */
export type HearthInfo = { url: string; members: BenchMember[] };

async function main(): Promise<void> {
  const { members: count } = JSON.parse(process.argv[2] ?? '{}') as HearthOptions;
  const { server, dataDir } = await startBenchServer(null, {
    HEARTH_RATE_LIMIT_API_PER_MINUTE: '0',
    HEARTH_RATE_LIMIT_CHAT_PER_MINUTE: '0',
    HEARTH_RATE_LIMIT_SIGNIN_PER_MINUTE: '0',
    HEARTH_GENERATED_TITLES: '0',
    // One socket per member here; the cap is set so a default change cannot refuse the fleet.
    HEARTH_MAX_SOCKETS_PER_USER: '4',
  });
  const ctx = server.app.ctx;
  // One argon2 hash for all (2,000 of them take minutes on a busy 2-core box), the rows
  // written straight into the users table as library-seed.ts does; nobody signs in with them.
  const hash = await hashPassword('bench member password');
  const now = new Date().toISOString();
  const members: BenchMember[] = [];
  for (let i = 0; i < count; i++) {
    const id = newId();
    const username = `member${i}`;
    await sql`INSERT INTO users (id, username, display_name, password_hash, role, created_at, updated_at)
      VALUES (${id}, ${username}, ${username}, ${hash}, 'member', ${now}, ${now})`.execute(ctx.db);
    const { token, session } = await createSession(ctx, id);
    members.push({ id, cookie: `hearth_session=${token}`, csrfToken: session.csrfToken });
  }
  serveParent<HearthInfo>({ url: server.url, members }, async () => {
    await server.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
}

main().catch(failToParent);
