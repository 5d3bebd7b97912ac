/**
 * An allow-list: "all" (null, the default, which includes ones added later) or "only these"
 * (checkboxes, grouped). Ids in the list that no longer exist are shown so they can be removed.
 */
import { useId } from 'react';
import { useTranslation } from 'react-i18next';

/** One thing that can be allowed. */
export type AllowItem = { id: string; label: string; group?: string; hint?: string };

type Props = {
  /** e.g. "Models". */
  legend: string;
  /** What is allowed: picks the sentences (in the `users` words) and the test ids. */
  noun: 'models' | 'tasks';
  items: AllowItem[];
  value: string[] | null;
  onChange: (value: string[] | null) => void;
  disabled?: boolean;
  /** A note under the list (e.g. why some models are missing). */
  note?: string;
};

/** Props: see Props. */
export function AllowListEditor({ legend, noun, items, value, onChange, disabled, note }: Props) {
  const { t } = useTranslation('users');
  const name = useId();
  const known = new Set(items.map((i) => i.id));
  const stale = (value ?? [])
    .filter((id) => !known.has(id))
    .map((id): AllowItem => ({ id, label: id, group: t('allow.stale') }));
  const all = [...items, ...stale];
  const groups = new Map<string, AllowItem[]>();
  for (const item of all) {
    const g = item.group ?? '';
    groups.set(g, [...(groups.get(g) ?? []), item]);
  }
  const chosen = new Set(value ?? []);
  const toggle = (id: string, on: boolean) => {
    const next = new Set(chosen);
    if (on) next.add(id);
    else next.delete(id);
    onChange(all.map((i) => i.id).filter((i) => next.has(i)));
  };

  return (
    <fieldset className="allow-list" data-testid={`allow-${noun}`} disabled={disabled}>
      <legend>{legend}</legend>
      <label className="check">
        <input
          type="radio"
          name={name}
          data-testid={`allow-${noun}-all`}
          checked={value === null}
          onChange={() => onChange(null)}
        />
        <span className="check-text">
          <span>{t(`allow.${noun}.all`)}</span>
          <span className="check-hint">{t(`allow.${noun}.later`)}</span>
        </span>
      </label>
      <label className="check">
        <input
          type="radio"
          name={name}
          data-testid={`allow-${noun}-some`}
          checked={value !== null}
          // Starting from everything that exists now, so unticking is the natural next step.
          onChange={() => onChange(items.map((i) => i.id))}
        />
        <span className="check-text">
          <span>{t(`allow.${noun}.only`)}</span>
        </span>
      </label>
      {value !== null && (
        <div className="allow-items">
          {all.length === 0 && <p className="hint">{t(`allow.${noun}.none`)}</p>}
          {[...groups].map(([group, list]) => (
            <div key={group} className="allow-group">
              {group && <div className="allow-group-name">{group}</div>}
              {list.map((item) => (
                <label key={item.id} className="check" data-testid={`allow-${noun}-item`}>
                  <input
                    type="checkbox"
                    value={item.id}
                    checked={chosen.has(item.id)}
                    onChange={(e) => toggle(item.id, e.target.checked)}
                  />
                  <span className="check-text">
                    <span>{item.label}</span>
                    {item.hint && <span className="check-hint">{item.hint}</span>}
                  </span>
                </label>
              ))}
            </div>
          ))}
          {value.length === 0 && all.length > 0 && (
            <p className="field-error" role="status">
              {t(`allow.${noun}.nothing`)}
            </p>
          )}
        </div>
      )}
      {note && <p className="hint">{note}</p>}
    </fieldset>
  );
}
