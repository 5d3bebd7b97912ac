/** "Last 7 / 30 / 90 days" for the usage views. */
import { USAGE_RANGES } from './usage';

/** Props: the chosen number of days and its setter; `id` ties the label to the select. */
export function RangePicker({ id, days, onChange }: { id: string; days: number; onChange: (days: number) => void }) {
  return (
    <label className="usage-range" htmlFor={id}>
      <span className="sr-only">Range</span>
      <select
        id={id}
        className="input select"
        data-testid={id}
        value={days}
        onChange={(e) => onChange(Number(e.target.value))}
      >
        {USAGE_RANGES.map((d) => (
          <option key={d} value={d}>
            Last {d} days
          </option>
        ))}
      </select>
    </label>
  );
}
