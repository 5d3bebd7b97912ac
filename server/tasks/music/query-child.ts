/**
 * The code of the catalogue query process. better-sqlite3 cannot be interrupted from its own
 * thread (no progress handler, issues #560/#707), so queries run in a child process the parent
 * kills on timeout. The server is bundled into one file, so this code does not live in a module
 * of its own: it is plain JavaScript in a string, run with `node -e`, and the parent passes the
 * path of better-sqlite3 it resolved itself. A string, not a function's `toString()`, because
 * the bundler and tsx rewrite function bodies (`__require`, `__name` helpers the child lacks).
 */

/** A query the parent sends. */
export type ChildRequest = { id: number; sql: string; maxRows: number };

/** The child's answer to one request. */
export type ChildReply =
  | { id: number; ok: true; columns: string[]; rows: unknown[][]; truncated: boolean }
  | { id: number; ok: false; message: string };

/** The child's V8 heap cap (MB): its own JavaScript needs little; rows are at most 200. */
export const CHILD_HEAP_MB = 64;
/** SQLite's page cache in the child (KiB). */
const CHILD_CACHE_KIB = 8192;
/** SQLite's hard heap limit in the child (MB). */
const CHILD_SQLITE_HEAP_MB = 64;

// Opens the catalogue read-only with query_only on, then answers one request at a time: rows as
// arrays (columns may share a name), long text cut, blobs and bigints made JSON-safe.
const CHILD_MAIN = String.raw`
const Database = require(SQLITE_PATH);
const db = new Database(FILE, { readonly: true, fileMustExist: true });
db.pragma('query_only = ON');
// Caps on SQLite's own memory: a small page cache, and a hard heap limit past which a query
// fails with "out of memory" instead of growing the process (huge sorts, string doubling).
db.pragma('cache_size = -' + CACHE_KIB);
db.pragma('hard_heap_limit = ' + HEAP_BYTES);
const cell = (v) =>
  typeof v === 'string' && v.length > MAX_CELL ? v.slice(0, MAX_CELL) + '…'
  : typeof v === 'bigint' ? Number(v)
  : v instanceof Uint8Array ? '<' + v.length + ' bytes>'
  : v;
process.on('message', ({ id, sql, maxRows }) => {
  let reply;
  try {
    const stmt = db.prepare(sql);
    if (!stmt.reader) throw new Error('Only queries that return rows may run.');
    stmt.raw(true);
    const rows = [];
    let truncated = false;
    for (const row of stmt.iterate()) {
      if (rows.length === maxRows) { truncated = true; break; }
      rows.push(row.map(cell));
    }
    reply = { id, ok: true, columns: stmt.columns().map((c) => c.name), rows, truncated };
  } catch (error) {
    reply = { id, ok: false, message: error instanceof Error ? error.message : String(error) };
  }
  process.send(reply);
});
process.on('disconnect', () => process.exit(0));
`;

/** The `node -e` script of a child process for the catalogue at `file`. */
export const childSource = (sqlitePath: string, file: string, maxCell = 1000): string =>
  `'use strict';\nconst SQLITE_PATH = ${JSON.stringify(sqlitePath)}, FILE = ${JSON.stringify(file)}, MAX_CELL = ${maxCell};\n` +
  `const CACHE_KIB = ${CHILD_CACHE_KIB}, HEAP_BYTES = ${CHILD_SQLITE_HEAP_MB * 1024 * 1024};\n${CHILD_MAIN}`;
