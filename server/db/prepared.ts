/**
 * Prepared queries: a query built and compiled by Kysely once, then run with new values.
 *
 * Why: on every call Kysely builds an operation tree, passes it through the plugins (camelCase
 * names) and compiles it to SQL. For the small queries that run
 * on every send and every streamed reply (find a conversation, save a reply's text, book usage)
 * that costs more than SQLite's own work, and the garbage it leaves behind fills the young
 * generation, whose collections pause every stream at once. A prepared query keeps the compiled
 * SQL and only swaps in the values.
 *
 * How: the builder gets placeholder values (`slots`); the compiled query's parameter list holds
 * them where the values go, and each run replaces them by name. The compiled form is kept per
 * dialect adapter (one per database handle, shared by its transactions), so SQLite and a later
 * PostgreSQL handle each compile their own. Rows still go through the plugins' result step
 * (camelCase).
 *
 * Use it only for queries whose shape never depends on the values: a builder that branches on
 * a slot would freeze the first branch. Values are bound as they are given (no per-value
 * conversion by the builder happens at run time).
 */
import { createQueryId, type Compilable, type CompiledQuery, type DialectAdapter, type QueryResult } from 'kysely';
import type { Db } from './database';

/** Where a value goes: stands in for it while the query is built. */
class Slot {
  constructor(readonly name: string) {}
}

/** A query built once per database; `run` executes it with these `values`. */
export type PreparedQuery<Values extends Record<string, unknown>, Row> = {
  run(db: Db, values: Values): Promise<QueryResult<Row>>;
  /** The rows of `run`. */
  rows(db: Db, values: Values): Promise<Row[]>;
  /** The first row of `run`, or undefined. */
  first(db: Db, values: Values): Promise<Row | undefined>;
};

/**
 * Prepares `build(db, slots)`: `slots.name` stands for `values.name` of each run. The builder is
 * typed with the values' own types, so Kysely checks the columns they go into.
 */
export function prepareQuery<Values extends Record<string, unknown>, Row>(
  build: (db: Db, slots: Values) => Compilable<Row>,
): PreparedQuery<Values, Row> {
  const compiledFor = new WeakMap<DialectAdapter, CompiledQuery<Row>>();
  const slots = new Proxy({} as Values, { get: (_, name) => new Slot(String(name)) });

  const compile = (db: Db): CompiledQuery<Row> => {
    const adapter = db.getExecutor().adapter;
    let compiled = compiledFor.get(adapter);
    if (!compiled) {
      compiled = build(db, slots).compile();
      // A query without values needs no preparing: this is a builder that lost its slots
      // (spreading `slots` copies nothing: name each one).
      if (!compiled.parameters.some((p) => p instanceof Slot))
        throw new Error(`prepareQuery: the query uses none of its slots: ${compiled.sql}`);
      compiledFor.set(adapter, compiled);
    }
    return compiled;
  };

  const run = async (db: Db, values: Values): Promise<QueryResult<Row>> => {
    const compiled = compile(db);
    const parameters = compiled.parameters.map((p) => {
      if (!(p instanceof Slot)) return p;
      const value = values[p.name];
      if (value === undefined) throw new Error(`prepareQuery: no value for "${p.name}" in ${compiled.sql}`);
      return value;
    });
    const query: CompiledQuery<Row> = {
      query: compiled.query,
      sql: compiled.sql,
      parameters,
      queryId: createQueryId(),
    };
    return db.executeQuery(query);
  };

  return {
    run,
    rows: async (db, values) => (await run(db, values)).rows,
    first: async (db, values) => (await run(db, values)).rows[0],
  };
}
