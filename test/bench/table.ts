/** Plain-text tables with aligned columns (numbers right-aligned, text left-aligned). */

/** One cell: text is left-aligned, a number is printed with `decimals` places and right-aligned. */
export type Cell = string | number;

/** Renders rows under a header, with a rule below the header; `decimals` is one for all or one per column. */
export function renderTable(
  header: readonly string[],
  rows: readonly (readonly Cell[])[],
  decimals: number | readonly number[] = 2,
): string {
  const places = (i: number) => (typeof decimals === 'number' ? decimals : (decimals[i] ?? 2));
  const text = rows.map((row) => row.map((c, i) => (typeof c === 'number' ? formatNumber(c, places(i)) : c)));
  // A column of numbers (blank cells allowed) is right-aligned.
  const numeric = header.map(
    (_, i) => rows.some((r) => typeof r[i] === 'number') && rows.every((r) => typeof r[i] === 'number' || r[i] === ''),
  );
  const widths = header.map((h, i) => Math.max(h.length, ...text.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (numeric[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...text.map(line)].join('\n');
}

function formatNumber(n: number, decimals: number): string {
  if (Number.isNaN(n)) return 'n/a';
  const s = n.toFixed(decimals);
  // -0.004 rounds to "-0.00", which reads like a sign error.
  return /^-0\.?0*$/.test(s) ? s.slice(1) : s;
}
