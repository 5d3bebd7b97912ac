/**
 * Checks the model's SQL before it runs, with a real parser (node-sql-parser, SQLite dialect):
 * one statement, a SELECT (WITH … SELECT allowed), only the catalogue's tables (and the query's
 * own CTE names), only allow-listed functions. Anything the parser cannot read is refused. This
 * is the first wall; the second is the runner's read-only connection to the catalogue file alone.
 */
import sqlParser from 'node-sql-parser/build/sqlite.js';
import type { ToolRefusal } from '#common/conversations';
import { CATALOGUE_TABLES } from './store';

const parser = new sqlParser.Parser();

/** Functions a catalogue query may call: pure, cheap, and unable to make huge values or reach files. */
export const ALLOWED_FUNCTIONS: ReadonlySet<string> = new Set([
  ...['count', 'sum', 'total', 'avg', 'min', 'max', 'group_concat'],
  ...['lower', 'upper', 'length', 'substr', 'substring', 'trim', 'ltrim', 'rtrim', 'instr'],
  ...['round', 'abs', 'coalesce', 'ifnull', 'nullif', 'iif', 'typeof'],
  ...['strftime', 'date', 'time', 'datetime', 'julianday', 'current_date', 'current_time', 'current_timestamp'],
]);

/** The outcome of validation: the SQL to run, or why it is refused. */
export type Validation = { ok: true; sql: string } | { ok: false; refused: ToolRefusal };

const refuse = (code: string, message: string): Validation => ({ ok: false, refused: { code, message } });

type Node = Record<string, unknown>;

/** Every object node of the syntax tree, depth first. */
function* walk(value: unknown): Generator<Node> {
  if (Array.isArray(value)) for (const item of value) yield* walk(item);
  else if (value && typeof value === 'object') {
    yield value as Node;
    for (const child of Object.values(value)) yield* walk(child);
  }
}

/** The name a function node calls, lower-cased, with its schema if one was written (`main.lower`). */
function functionName(node: Node): string | undefined {
  if (node.type === 'aggr_func' && typeof node.name === 'string') return node.name.toLowerCase();
  if (node.type !== 'function' && node.type !== 'window_func') return undefined;
  const name = node.name as { name?: { value: string }[]; schema?: { value: string } } | string;
  if (typeof name === 'string') return name.toLowerCase();
  const parts = (name.name ?? []).map((p) => p.value);
  if (name.schema) parts.unshift(name.schema.value);
  return parts.join('.').toLowerCase();
}

/** Validates one catalogue query; the refusal's message names the problem in plain words. */
export function validateCatalogueQuery(sql: unknown): Validation {
  if (typeof sql !== 'string' || sql.trim() === '') return refuse('bad_arguments', 'The query is empty.');
  if (sql.length > 10_000) return refuse('query_too_long', 'The query is longer than 10,000 characters.');
  // The parser reads MySQL-isms SQLite does not (backslash escapes in strings, `#` comments), so
  // text it takes for a string or a comment could be code to SQLite: refuse both characters.
  if (/[\\#]/.test(sql))
    return refuse('character_not_allowed', "The query contains a backslash or '#'; write a quote in a string as ''.");
  let parsed: ReturnType<typeof parser.parse>;
  try {
    parsed = parser.parse(sql, { database: 'sqlite' });
  } catch {
    return refuse('unparseable', 'The query could not be read as one SQLite SELECT statement.');
  }
  const statements = (Array.isArray(parsed.ast) ? parsed.ast : [parsed.ast]).filter(Boolean);
  if (statements.length !== 1) return refuse('multiple_statements', 'Only one statement may be run at a time.');
  const type = String((statements[0] as unknown as Node).type).toLowerCase();
  if (type !== 'select') return refuse('not_select', `Only SELECT queries are allowed, not ${type.toUpperCase()}.`);

  const nodes = [...walk(statements[0])];
  const cteNames = new Set<string>();
  for (const node of nodes)
    if (Array.isArray(node.with))
      for (const cte of node.with as { name?: { value?: string } }[])
        if (cte.name?.value) cteNames.add(cte.name.value.toLowerCase());

  for (const entry of parsed.tableList) {
    const [action, db, table = ''] = entry.split('::');
    const name = table.toLowerCase();
    if (action !== 'select')
      return refuse('not_select', `The query would ${action} ${table}; only reading is allowed.`);
    if (db !== 'null' && db !== 'main') return refuse('table_not_allowed', `The database "${db}" cannot be used.`);
    if (!(CATALOGUE_TABLES as readonly string[]).includes(name) && !cteNames.has(name))
      return refuse('table_not_allowed', `The table "${table}" is not part of the music catalogue.`);
  }
  for (const node of nodes) {
    const name = functionName(node);
    if (name !== undefined && !ALLOWED_FUNCTIONS.has(name))
      return refuse('function_not_allowed', `The function ${name}() is not allowed in catalogue queries.`);
  }
  return { ok: true, sql };
}
