/**
 * Under a Music library answer: a collapsed "How I found this" with each catalogue query the
 * assistant ran — its SQL, and the rows as a table (sortable by any column, copyable as CSV) —
 * "nothing found" said plainly, and a refused query shown as refused, with the reason.
 */
import { useMemo, useState } from 'react';
import type { ToolCall } from '#common/conversations';
import { ChevronRightIcon } from '#web/lib/icons';
import { copyText } from '#web/lib/clipboard';
import { useTranslation } from 'react-i18next';
import { currentLocale } from '#web/lib/i18n';
import { formatNumber } from '#web/lib/ui/format';

/** The arrow after a sorted column's name. */
const sortArrow = (descending: boolean) => (descending ? ' ▼' : ' ▲');

/** The tool whose calls this shows (API.md). */
export const MUSIC_TOOL = 'query_music_library';

type Rows = { columns: string[]; rows: unknown[][]; rowCount: number; truncated: boolean };

const isRows = (value: unknown): value is Rows =>
  !!value && typeof value === 'object' && Array.isArray((value as Rows).columns) && Array.isArray((value as Rows).rows);

const sqlOf = (call: ToolCall) =>
  call.arguments && typeof call.arguments === 'object' && typeof (call.arguments as { sql?: unknown }).sql === 'string'
    ? (call.arguments as { sql: string }).sql
    : typeof call.arguments === 'string'
      ? call.arguments
      : JSON.stringify(call.arguments);

const cellText = (v: unknown): string =>
  v === null || v === undefined
    ? ''
    : typeof v === 'string'
      ? v
      : typeof v === 'number' || typeof v === 'boolean'
        ? String(v)
        : JSON.stringify(v);

/** RFC 4180 CSV: every field quoted when it holds a comma, quote or line break. */
export function toCsv(columns: readonly string[], rows: readonly unknown[][]): string {
  const field = (v: unknown) => {
    const text = cellText(v);
    return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  return [columns, ...rows].map((row) => row.map(field).join(',')).join('\r\n') + '\r\n';
}

function compare(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (a === null || a === undefined) return b === null || b === undefined ? 0 : -1;
  if (b === null || b === undefined) return 1;
  return cellText(a).localeCompare(cellText(b), currentLocale(), { numeric: true });
}

/** The rows of one query as a table. */
function ResultTable({ result }: { result: Rows }) {
  const { t } = useTranslation('chat');
  const [sort, setSort] = useState<{ column: number; descending: boolean } | null>(null);
  const [copied, setCopied] = useState(false);
  const rows = useMemo(() => {
    if (!sort) return result.rows;
    const sorted = [...result.rows].sort((a, b) => compare(a[sort.column], b[sort.column]));
    return sort.descending ? sorted.reverse() : sorted;
  }, [result.rows, sort]);

  if (result.rowCount === 0) return <p className="lookup-empty">{t('nothingFound')}</p>;
  const copy = () =>
    // copyText: on a plain-http page there is no navigator.clipboard; it says how to copy by hand.
    void copyText(toCsv(result.columns, rows)).then((ok) => {
      if (!ok) return;
      setCopied(true);
      setTimeout(() => setCopied(false), 2000);
    });
  return (
    <>
      <div className="lookup-table-wrap" tabIndex={0}>
        <table className="lookup-table" data-testid="lookup-table">
          <thead>
            <tr>
              {result.columns.map((name, i) => (
                <th
                  key={i}
                  scope="col"
                  aria-sort={sort?.column === i ? (sort.descending ? 'descending' : 'ascending') : 'none'}
                >
                  <button
                    type="button"
                    onClick={() => setSort({ column: i, descending: sort?.column === i && !sort.descending })}
                  >
                    {name}
                    {sort?.column === i && sortArrow(sort.descending)}
                  </button>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row, r) => (
              <tr key={r}>
                {row.map((cell, c) => (
                  <td key={c}>{cellText(cell)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="lookup-actions">
        <span>
          {t('rows', { count: result.rowCount, formatted: formatNumber(result.rowCount) })}
          {result.truncated ? ` ${t('rowsTruncated', { count: result.rowCount })}` : ''}
        </span>
        <button type="button" className="btn btn-sm" onClick={copy}>
          {copied ? t('common:copied') : t('copyCsv')}
        </button>
      </div>
    </>
  );
}

/** One query: its SQL, then its rows, or why it was refused. */
function Lookup({ call, streaming }: { call: ToolCall; streaming: boolean }) {
  const { t } = useTranslation('chat');
  return (
    <li className="lookup" data-testid="lookup">
      <pre className="lookup-sql">
        <code>{sqlOf(call)}</code>
      </pre>
      {call.refused ? (
        <p className="lookup-refused" data-testid="lookup-refused">
          <strong>{t('refused')}</strong> {call.refused.message}
        </p>
      ) : isRows(call.result) ? (
        <ResultTable result={call.result} />
      ) : call.result === undefined && streaming ? (
        <p className="thinking-live">{t('lookingInLibrary')}</p>
      ) : (
        <pre>{cellText(call.result)}</pre>
      )}
    </li>
  );
}

/** Props: the reply's music queries (already filtered), and whether it is still being written. */
export function HowIFoundThis({ calls, streaming }: { calls: readonly ToolCall[]; streaming: boolean }) {
  const { t } = useTranslation('chat');
  const [open, setOpen] = useState(false);
  return (
    <section className={`how-found${open ? ' is-open' : ''}`} data-testid="how-i-found-this">
      <button type="button" className="tool-call-toggle" aria-expanded={open} onClick={() => setOpen(!open)}>
        <ChevronRightIcon size={14} className="thinking-chevron" />
        <span className={streaming ? 'thinking-live' : undefined}>{t('howIFoundThis')}</span>
      </button>
      {open && (
        <ol className="lookups">
          {calls.map((call) => (
            <Lookup key={call.id} call={call} streaming={streaming} />
          ))}
        </ol>
      )}
    </section>
  );
}
