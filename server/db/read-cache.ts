/**
 * A cache for the few reads every request repeats (the session and its user, a user's
 * allow-lists, a task's prompt), dropped the moment one of the tables it was read from is
 * written.
 *
 * Why: a message send read the same five small rows on every request, and each read costs more
 * in query building and result mapping than the row is worth; before the first token that adds
 * up. Correctness does not depend on remembering to invalidate: the Kysely plugin below sees
 * every insert, update and delete this process runs and clears what depends on its tables, and
 * SQLite's `PRAGMA data_version` tells when another process (the `hearth` command) committed
 * anything, which clears everything. A raw SQL statement that is not a SELECT clears everything
 * too, since its tables are not known.
 */
import type {
  CompiledQuery,
  KyselyPlugin,
  OperationNode,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryId,
  QueryResult,
  RootOperationNode,
  UnknownRow,
} from 'kysely';
import { performance } from 'node:perf_hooks';

/** The tables (as named in SQL) a cached value was read from. */
export type CacheTables = readonly string[];

type Namespace = { tables: CacheTables; entries: Map<string, unknown>; generation: number };

/** How stale a cached read may be after another process commits. */
const OTHER_WRITERS_CHECK_MS = 1;

/** Upper bound on the entries of one namespace; the oldest go first. */
const MAX_ENTRIES = 10_000;

/** Cached reads, each namespace dropped when one of its tables is written. */
export class ReadCache {
  private readonly namespaces = new Map<string, Namespace>();
  private lastDataVersion: number;
  private lastCheckedAt = -Infinity;

  /** `dataVersion` reads SQLite's `PRAGMA data_version` on the connection the app uses. */
  constructor(private readonly dataVersion: () => number) {
    this.lastDataVersion = dataVersion();
  }

  /**
   * The cached value for `key` in `namespace`, or `load()`'s, kept for next time. A value is kept
   * only if none of its tables was written while it loaded. Values are frozen (one level deep,
   * and the objects they hold): callers share them.
   */
  async get<T>(namespace: string, tables: CacheTables, key: string, load: () => Promise<T>): Promise<T> {
    this.checkOtherWriters();
    const space = this.space(namespace, tables);
    if (space.entries.has(key)) return space.entries.get(key) as T;
    const generation = space.generation;
    const value = await load();
    if (space.generation === generation) {
      if (space.entries.size >= MAX_ENTRIES) space.entries.delete(space.entries.keys().next().value!);
      space.entries.set(key, freezeShallow(value));
    }
    return value;
  }

  /** Drops every namespace that depends on one of `tables`; all of them when `tables` is null. */
  invalidate(tables: Iterable<string> | null): void {
    const written = tables === null ? null : new Set(tables);
    for (const space of this.namespaces.values()) {
      if (written === null || space.tables.some((t) => written.has(t))) {
        space.entries.clear();
        space.generation++;
      }
    }
  }

  /** The Kysely plugin that tells this cache about every write. */
  plugin(): KyselyPlugin {
    return new WriteWatcher(this);
  }

  /**
   * Another connection committed (the `hearth` command, say): nothing cached can be trusted.
   * Asked at most once a millisecond: the reads of one request (or of a burst) share the answer.
   */
  private checkOtherWriters(): void {
    const now = performance.now();
    if (now - this.lastCheckedAt < OTHER_WRITERS_CHECK_MS) return;
    this.lastCheckedAt = now;
    const version = this.dataVersion();
    if (version !== this.lastDataVersion) {
      this.lastDataVersion = version;
      this.invalidate(null);
    }
  }

  private space(name: string, tables: CacheTables): Namespace {
    let space = this.namespaces.get(name);
    if (!space) this.namespaces.set(name, (space = { tables, entries: new Map(), generation: 0 }));
    return space;
  }
}

/** Freezes a value and the objects directly inside it, so no caller changes the shared copy. */
function freezeShallow<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const inner of Object.values(value)) if (inner !== null && typeof inner === 'object') Object.freeze(inner);
    Object.freeze(value);
  }
  return value;
}

const WRITE_KINDS = new Set(['InsertQueryNode', 'UpdateQueryNode', 'DeleteQueryNode', 'MergeQueryNode']);
const READ_KINDS = new Set(['SelectQueryNode']);

/**
 * The tables a write touches, or null when they cannot be known (raw SQL, DDL): every
 * `TableNode` in its tree, which over-approximates (a subquery's tables too) and so is safe.
 */
export function writtenTables(node: RootOperationNode): Set<string> | null {
  if (READ_KINDS.has(node.kind)) return new Set();
  if (node.kind === 'RawNode') {
    const text = (node as unknown as { sqlFragments: readonly string[] }).sqlFragments.join(' ');
    return /^\s*select\b/i.test(text) ? new Set() : null;
  }
  if (!WRITE_KINDS.has(node.kind)) return null;
  const tables = new Set<string>();
  collectTables(node, tables);
  return tables;
}

function collectTables(node: unknown, into: Set<string>): void {
  if (node === null || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const item of node) collectTables(item, into);
    return;
  }
  const op = node as OperationNode & { table?: { identifier?: { name?: unknown } } };
  if (op.kind === 'TableNode' && typeof op.table?.identifier?.name === 'string') into.add(op.table.identifier.name);
  for (const value of Object.values(node)) if (value !== null && typeof value === 'object') collectTables(value, into);
}

/**
 * Invalidates before a write runs (a read that starts after it must not keep an old row) and
 * again once it has run (a read that ran between the two must not keep one either).
 */
class WriteWatcher implements KyselyPlugin {
  /** Keyed by Kysely's per-query id object: a query that throws leaves nothing behind. */
  private readonly pending = new WeakMap<object, Set<string> | null>();

  constructor(private readonly cache: ReadCache) {}

  /** The tables of prepared queries' nodes, which are run again and again (prepared.ts). */
  private readonly preparedTables = new WeakMap<RootOperationNode, Set<string> | null>();

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    this.watch(args.queryId, writtenTables(args.node));
    return args.node;
  }

  /** A prepared query is about to run: what transformQuery does for a freshly built one. */
  watchPrepared(node: RootOperationNode, queryId: QueryId): void {
    let tables = this.preparedTables.get(node);
    if (tables === undefined) {
      tables = writtenTables(node);
      this.preparedTables.set(node, tables);
    }
    this.watch(queryId, tables);
  }

  private watch(queryId: QueryId, tables: Set<string> | null): void {
    if (tables === null || tables.size > 0) {
      this.cache.invalidate(tables);
      this.pending.set(queryId, tables);
    }
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    const id = args.queryId as object;
    if (this.pending.has(id)) {
      this.cache.invalidate(this.pending.get(id)!);
      this.pending.delete(id);
    }
    return args.result;
  }
}

/**
 * Tells the write watcher of `db` (a handle or a transaction) that a prepared query is about to
 * run; its result step finishes the job as for any query (prepared.ts).
 */
export function watchPreparedRun(db: { getExecutor(): { plugins: readonly KyselyPlugin[] } }, query: CompiledQuery): void {
  for (const plugin of db.getExecutor().plugins) if (plugin instanceof WriteWatcher) plugin.watchPrepared(query.query, query.queryId);
}

const caches = new WeakMap<object, ReadCache>();

/** Remembers the cache of a database handle (openDatabase does this). */
export function attachReadCache(db: object, cache: ReadCache): void {
  caches.set(db, cache);
}

/**
 * Reads through the database's cache; reads straight through when `db` has none (a
 * transaction, or a handle not made by openDatabase).
 */
export function cachedRead<T>(db: object, namespace: string, tables: CacheTables, key: string, load: () => Promise<T>): Promise<T> {
  const cache = caches.get(db);
  return cache ? cache.get(namespace, tables, key, load) : load();
}
