/**
 * Fills a Hearth database with the library benchmark's household: optionally one user with
 * exactly `listConversations` conversations (some pinned; which ones to archive is returned),
 * the others with their shares, `messages` messages in all. Straight into SQLite with prepared
 * statements, thousands of rows per transaction, through whatever schema and triggers the
 * database has (only columns that exist since the first migration are written). Memory stays
 * flat: rows are written as they are made.
 */
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Migrator, sql } from 'kysely';
import { hashPassword } from '#server/accounts/passwords';
import { migrateToLatest, openDatabase } from '#server/db/database';
import { newId } from '#server/db/ids';
import { migrations } from '#server/db/migrations/index';
import { createWriter, logNormal, rng } from './library-corpus';

export type SeedPlan = {
  /** Messages in all, over every user. */
  messages: number;
  /** Conversations of the first user (the list benchmark's); 0: no fixed count. */
  listConversations: number;
  /** Each user's share of the messages, the first one's first. */
  shares: readonly number[];
  pinned: number;
  archived: number;
  /** Messages kept (at random) for building realistic search queries. */
  samples: number;
  /** Seeds of the generators: another seed, another history. */
  seed: number;
  /** Where the clock starts (ms since 1970) and how long the history lasts. */
  from: number;
  spanMs: number;
};

/** A message kept for building queries: whose it is, and its text. */
export type Sample = { user: number; content: string };

export type SeedResult = {
  messages: number;
  /** Conversations made per user. */
  conversations: number[];
  /** Conversations of the first user to archive (the column may not exist yet when seeding). */
  toArchive: string[];
  samples: Sample[];
  seconds: number;
  words: string[];
};

const BATCH = 10_000;

/** Conversation lengths per user: the first user's spread over exactly listConversations. */
function planConversations(plan: SeedPlan, random: () => number): { user: number; length: number }[] {
  const out: { user: number; length: number }[] = [];
  plan.shares.forEach((share, user) => {
    const budget = Math.round(plan.messages * share);
    if (user === 0 && plan.listConversations > 0) {
      const raw = Array.from({ length: plan.listConversations }, () => logNormal(random, 12, 1));
      const scale = budget / raw.reduce((a, b) => a + b, 0);
      for (const r of raw) out.push({ user, length: Math.max(1, Math.round(r * scale)) });
    } else {
      for (let left = budget; left > 0;) {
        const length = Math.min(left, logNormal(random, 12, 1));
        out.push({ user, length });
        left -= length;
      }
    }
  });
  // Interleave the users' conversations in time (Fisher–Yates with the seeded generator).
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** Writes the household into the database file at `file` for the given user ids. */
export function seedLibrary(file: string, userIds: readonly string[], plan: SeedPlan): SeedResult {
  const started = performance.now();
  const random = rng(plan.seed);
  const writer = createWriter(plan.seed + 1);
  const conversations = planConversations(plan, random);
  const total = conversations.reduce((a, c) => a + c.length, 0);
  const db = new SQLite(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  const insertConversation = db.prepare(
    `INSERT INTO conversations (id, user_id, title, title_by_user, task_id, model, pinned, active_leaf_id, created_at, updated_at)
     VALUES (?, ?, ?, 0, 'general', 'bench/model', ?, ?, ?, ?)`,
  );
  const insertMessage = db.prepare(
    `INSERT INTO messages (id, conversation_id, parent_id, role, content, status, model, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, 'complete', ?, ?, ?)`,
  );
  const counts = userIds.map(() => 0);
  const firstUserConversations: number[] = [];
  const toArchive: string[] = [];
  const samples: Sample[] = [];
  const sampleRate = plan.samples / total;
  const step = plan.spanMs / total;
  let clock = plan.from;

  const writeConversation = (index: number) => {
    const { user, length } = conversations[index]!;
    const times = Array.from({ length }, () => (clock += step));
    const ids = times.map((t) => newId(Math.floor(t)));
    const conversationId = newId(Math.floor(times[0]!) - 1);
    let pinned = 0;
    if (user === 0 && plan.listConversations > 0) {
      const nth = firstUserConversations.push(index);
      // Spread over time: every k-th of the user's conversations is pinned, others archived.
      if (nth % Math.floor(plan.listConversations / plan.pinned) === 0) pinned = 1;
      else if (nth % Math.floor(plan.listConversations / plan.archived) === 1) toArchive.push(conversationId);
    }
    const first = new Date(times[0]!).toISOString();
    const last = new Date(times.at(-1)!).toISOString();
    insertConversation.run(conversationId, userIds[user], writer.title(), pinned, ids.at(-1), first, last);
    for (let i = 0; i < length; i++) {
      const role = i % 2 === 0 ? 'user' : 'assistant';
      const content = writer.message(role);
      const at = new Date(times[i]!).toISOString();
      insertMessage.run(
        ids[i],
        conversationId,
        i === 0 ? null : ids[i - 1],
        role,
        content,
        role === 'assistant' ? 'bench/model' : null,
        at,
        at,
      );
      if (random() < sampleRate) samples.push({ user, content });
    }
    counts[user]! += 1;
  };

  const batch = db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) writeConversation(i);
  });
  // Batches of about BATCH messages: one transaction each.
  let from = 0;
  let size = 0;
  for (let i = 0; i < conversations.length; i++) {
    size += conversations[i]!.length;
    if (size >= BATCH || i === conversations.length - 1) {
      batch(from, i + 1);
      from = i + 1;
      size = 0;
    }
  }
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return {
    messages: total,
    conversations: counts,
    toArchive,
    samples,
    seconds: (performance.now() - started) / 1000,
    words: writer.words,
  };
}

/** The household as the benchmark uses it (see prepareLibrary). */
export type Library = {
  /** User ids: the household's (the first has the list's conversations), then the baseline user. */
  userIds: string[];
  smallUserId: string;
  password: string;
  history: SeedResult;
  /** Seconds migration 0005 took to index the existing history. */
  migrationSeconds: number;
  /** The messages written afterwards through the triggers, as in use. */
  later: SeedResult;
};

/**
 * A database in `dir` holding the household: the history is written with the schema as it was
 * before search (migration 0005), then the upgrade indexes it all at once — what an existing
 * installation goes through — and a further `laterShare` of messages is written with the search
 * triggers in place, as in everyday use (they add their own index segments).
 */
export async function prepareLibrary(
  dir: string,
  plan: Omit<SeedPlan, 'seed' | 'from' | 'spanMs'> & { laterShare: number },
): Promise<Library> {
  const file = path.join(dir, 'hearth.sqlite');
  const db = openDatabase({ dataDir: dir });
  const beforeSearch = Object.keys(migrations)
    .filter((name) => name < '0005')
    .sort()
    .at(-1)!;
  const migrated = await new Migrator({ db, provider: { getMigrations: async () => migrations } }).migrateTo(
    beforeSearch,
  );
  if (migrated.error)
    throw migrated.error instanceof Error ? migrated.error : new Error(`migration to ${beforeSearch} failed`);
  const password = 'correct horse battery staple';
  const hash = await hashPassword(password);
  const userIds = [...plan.shares.map(() => newId()), newId()];
  const now = new Date().toISOString();
  for (const [i, id] of userIds.entries()) {
    const username = i < plan.shares.length ? `bench-${i}` : 'bench-small';
    await sql`INSERT INTO users (id, username, display_name, password_hash, role, created_at, updated_at)
      VALUES (${id}, ${username}, ${username}, ${hash}, 'member', ${now}, ${now})`.execute(db);
  }
  await db.destroy();

  const household = userIds.slice(0, plan.shares.length);
  const span = 3 * 365 * 24 * 3600 * 1000;
  const history = seedLibrary(file, household, {
    ...plan,
    seed: 20240611,
    from: Date.now() - span,
    spanMs: span * 0.98,
  });

  const upgraded = openDatabase({ dataDir: dir });
  const started = performance.now();
  await migrateToLatest(upgraded);
  const migrationSeconds = (performance.now() - started) / 1000;
  for (let i = 0; i < history.toArchive.length; i += 500) {
    await sql`UPDATE conversations SET archived = 1 WHERE id IN (${sql.join(history.toArchive.slice(i, i + 500))})`.execute(
      upgraded,
    );
  }
  await upgraded.destroy();

  // Everyday use after the upgrade: the other users write on (the first keeps its exact count).
  const laterMessages = Math.round(plan.messages * plan.laterShare);
  const later = seedLibrary(file, household, {
    ...plan,
    messages: laterMessages,
    listConversations: 0,
    shares: plan.shares.map((s, i) => (i === 0 ? 0 : s / (1 - plan.shares[0]!))),
    samples: Math.round(plan.samples * plan.laterShare),
    seed: 31337,
    from: Date.now() - span * 0.02,
    spanMs: span * 0.019,
  });
  return { userIds: household, smallUserId: userIds.at(-1)!, password, history, migrationSeconds, later };
}
