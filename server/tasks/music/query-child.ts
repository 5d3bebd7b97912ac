/**
 * The code of the catalogue query process. better-sqlite3 cannot be interrupted from its own
 * thread (no progress handler, issues #560/#707), so queries run in a child process the parent
 * kills on timeout. The server is bundled into one file, so this code does not live in a file of
 * its own: `childSource` turns `childMain` into a script for `node -e`, and the parent passes the
 * path of better-sqlite3 it resolved itself, which works the same under tsx/vitest and in dist/.
 * `childMain` must therefore use only its arguments and Node's globals; it is handed `require`
 * as an argument because the bundler rewrites a bare `require` (a shim that fails in `node -e`).
 */

/** A query the parent sends. */
export type ChildRequest = { id: number; sql: string; maxRows: number };

/** The child's answer to one request. */
export type ChildReply =
  | { id: number; ok: true; columns: string[]; rows: unknown[][]; truncated: boolean }
  | { id: number; ok: false; message: string };

/** Runs in the child: opens the catalogue read-only and answers queries one at a time. */
function childMain(load: (id: string) => unknown, sqlitePath: string, file: string, maxCell: number): void {
  type Db = {
    pragma(sql: string): unknown;
    prepare(sql: string): {
      reader: boolean;
      raw(on: boolean): unknown;
      columns(): { name: string }[];
      iterate(): Iterable<unknown[]>;
    };
  };
  const BetterSqlite = load(sqlitePath) as new (file: string, options: object) => Db;
  const db = new BetterSqlite(file, { readonly: true, fileMustExist: true });
  db.pragma('query_only = ON');
  const cell = (v: unknown) =>
    typeof v === 'string' && v.length > maxCell
      ? `${v.slice(0, maxCell)}…`
      : typeof v === 'bigint'
        ? Number(v)
        : v instanceof Uint8Array
          ? `<${v.length} bytes>`
          : v;
  process.on('message', (message) => {
    const { id, sql, maxRows } = message as ChildRequest;
    let reply: ChildReply;
    try {
      const stmt = db.prepare(sql);
      if (!stmt.reader) throw new Error('Only queries that return rows may run.');
      stmt.raw(true);
      const rows: unknown[][] = [];
      let truncated = false;
      for (const row of stmt.iterate()) {
        if (rows.length === maxRows) {
          truncated = true;
          break;
        }
        rows.push(row.map(cell));
      }
      reply = { id, ok: true, columns: stmt.columns().map((c) => c.name), rows, truncated };
    } catch (error) {
      reply = { id, ok: false, message: error instanceof Error ? error.message : String(error) };
    }
    process.send?.(reply);
  });
  process.on('disconnect', () => process.exit(0));
}

/** The `node -e` script of a child process for the catalogue at `file`. */
export const childSource = (sqlitePath: string, file: string, maxCell = 1000): string =>
  `(${childMain.toString()})(require, ${JSON.stringify(sqlitePath)}, ${JSON.stringify(file)}, ${maxCell});`;
