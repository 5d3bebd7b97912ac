/**
 * SearchIndex on SQLite FTS5 (tables and triggers: migration 0005). `search_fts` holds one
 * document per message text and per named title; `search_docs` maps each to its owner,
 * conversation and message. Each user's documents have ids in the user's own block of 2^32,
 * counting down from its top (newer lower: FTS5 reads forwards lazily). Triggers queue every change in
 * `search_queue`; `applyQueue` moves them into `search_fts` in one statement per kind (FTS5
 * writes an index segment per statement, so one per message would cost far more), and runs
 * before every search, so a search sees every write before it.
 *
 * Cost is bounded whatever the corpus and however many users share it: FTS5 reads only the
 * caller's block (a rowid range, served by the index itself), newest first (ascending ids,
 * read lazily), and stops at the
 * CANDIDATES newest matches, computing bm25 only for those. So a word in fewer than CANDIDATES
 * of the user's messages is ranked over all of them; a word in thousands of messages is ranked
 * over the newest CANDIDATES (older ones are not offered: a second word finds them).
 */
import { sql } from 'kysely';
import type { Db } from '#server/db/database';
import { badRequest } from '#server/errors';
import type { SearchIndex } from './search';
import { rankConversations, type Candidate } from './search-rank';

/** Matching documents ranked per query (the user's newest). */
export const CANDIDATES = 500;
/** A user's block of document ids; must match migration 0005. */
const BLOCK = 4294967296;
/** bm25 column weights (title, body): a word in the title counts twice a word in a message. */
const WEIGHTS = sql.raw('2.0, 1.0');

/**
 * `"word"* AND "word"*`: each term quoted (so never syntax) and matched as a word prefix —
 * except one-character terms, matched whole: "a*" would merge every word starting with "a".
 */
export function fts5Expression(terms: readonly string[]): string {
  return terms.map((t) => `"${t.replaceAll('"', '""')}"${[...t].length > 1 ? '*' : ''}`).join(' AND ');
}

type Row = { conversationId: string; messageId: string | null; score: number; doc: number };

/** Queue entries applied per transaction: ~0.1 s of work, so a backlog never stalls the server long. */
const CHUNK = 1000;

/**
 * Applies up to CHUNK queued changes to the full-text index, in one transaction; returns how
 * many documents it added or dropped, and whether more are queued. A document added and
 * dropped within the chunk (a message edited twice, a chat deleted at once) never reaches the
 * index; a drop whose add was in an earlier chunk deletes nothing, harmlessly. Ids are never
 * reused, so an add and a drop of the same id always mean that order.
 */
async function applyChunk(db: Db): Promise<{ applied: number; more: boolean }> {
  return db.transaction().execute(async (trx) => {
    const bounds = await sql<{ last: number | null; more: number }>`
      SELECT coalesce((SELECT seq FROM search_queue ORDER BY seq LIMIT 1 OFFSET ${CHUNK - 1}),
        (SELECT max(seq) FROM search_queue)) AS last,
        (SELECT count(*) FROM (SELECT 1 FROM search_queue LIMIT ${CHUNK + 1})) > ${CHUNK} AS more`.execute(trx);
    const last = bounds.rows[0]?.last;
    if (last === null || last === undefined) return { applied: 0, more: false };
    const added = sql`SELECT doc_id FROM search_queue WHERE op = 1 AND seq <= ${last}`;
    const dropped = await sql`DELETE FROM search_fts WHERE rowid IN (
      SELECT doc_id FROM search_queue WHERE op = 0 AND seq <= ${last} AND doc_id NOT IN (${added}))`.execute(trx);
    // Documents still mapped are still current: their text is read now, once.
    const inserted = await sql`INSERT INTO search_fts (rowid, title, body)
      SELECT d.id, c.title, m.content
      FROM search_queue q JOIN search_docs d ON d.id = q.doc_id
      LEFT JOIN messages m ON m.id = d.message_id
      LEFT JOIN conversations c ON c.id = d.conversation_id AND d.message_id IS NULL
      WHERE q.op = 1 AND q.seq <= ${last}
      ORDER BY d.id`.execute(trx);
    await sql`DELETE FROM search_queue WHERE seq <= ${last}`.execute(trx);
    const applied = Number(dropped.numAffectedRows ?? 0) + Number(inserted.numAffectedRows ?? 0);
    return { applied, more: Boolean(bounds.rows[0]?.more) };
  });
}

/**
 * Applies queued changes to the full-text index, chunk by chunk (other requests get their turn
 * in between); `all: false` applies one chunk only. Returns how many documents changed.
 */
export async function applyQueue(db: Db, options: { all?: boolean } = {}): Promise<number> {
  const pending = await sql<{ any: number }>`SELECT EXISTS (SELECT 1 FROM search_queue) AS any`.execute(db);
  if (!pending.rows[0]?.any) return 0; // the usual case: no transaction needed
  let total = 0;
  for (;;) {
    const { applied, more } = await applyChunk(db);
    total += applied;
    if (!more || options.all === false) return total;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** The FTS5 implementation over `db` (SQLite with migration 0005). */
export function createFts5Index(db: Db): SearchIndex {
  return {
    // The list calls this on every load: one chunk keeps it quick; searches apply everything.
    sync: async () => void (await applyQueue(db, { all: false })),
    async search(userId, terms, page) {
      await applyQueue(db);
      const owner = await sql<{ num: number }>`SELECT num FROM search_owners WHERE user_id = ${userId}`.execute(db);
      const num = owner.rows[0]?.num;
      if (num === undefined) return { hits: [], more: false }; // nothing of theirs is indexed yet
      let rows: Row[];
      try {
        // CROSS JOIN pins the plan: FTS5 walks the matches in the user's block newest first
        // (rowid range and ascending order served by FTS5), each mapping row read by primary key.
        const result = await sql<Row>`
          SELECT d.conversation_id, d.message_id, bm25(search_fts, ${WEIGHTS}) AS score, f.rowid AS doc
          FROM search_fts f CROSS JOIN search_docs d
          WHERE search_fts MATCH ${fts5Expression(terms)}
            AND f.rowid >= ${num * BLOCK} AND f.rowid < ${(num + 1) * BLOCK}
            AND d.id = f.rowid AND d.user_id = ${userId}
          ORDER BY f.rowid
          LIMIT ${CANDIDATES}`.execute(db);
        rows = result.rows;
      } catch (err) {
        // Terms are quoted, so this should not happen; if FTS5 ever objects, it is still the query's fault.
        if (err instanceof Error && /fts5/i.test(err.message)) throw badRequest('q: cannot be searched for', 'q');
        throw err;
      }
      const candidates: Candidate[] = rows.map((r) => ({
        conversationId: r.conversationId,
        messageId: r.messageId,
        score: r.score,
        recency: -r.doc, // newer documents have lower ids
      }));
      return rankConversations(candidates, page);
    },
  };
}
