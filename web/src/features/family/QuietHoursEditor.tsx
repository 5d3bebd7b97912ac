/**
 * Quiet hours: rules of weekdays + from/to. A rule whose "from" is later than its "to" runs
 * across midnight, into the next morning; the editor says so in words under the rule.
 */
import { useTranslation } from 'react-i18next';
import type { QuietHoursRule } from '#common/family';
import { WEEK_ORDER, weekdayNames } from './format';

type Props = {
  value: QuietHoursRule[];
  onChange: (rules: QuietHoursRule[]) => void;
  /** Prefix of this member's element ids (labels need unique ids on a page of several members). */
  idPrefix: string;
};

const NEW_RULE: QuietHoursRule = { days: [0, 1, 2, 3, 4, 5, 6], from: '21:00', to: '07:00' };

/** Props: the rules, their change handler, and a prefix for unique element ids. */
export function QuietHoursEditor({ value, onChange, idPrefix }: Props) {
  const { t } = useTranslation('family');
  const short = weekdayNames('short');
  const long = weekdayNames('long');
  const update = (i: number, rule: QuietHoursRule) => onChange(value.map((r, j) => (j === i ? rule : r)));
  return (
    <fieldset className="family-fieldset" data-testid="quiet-hours">
      <legend>{t('quiet.legend')}</legend>
      <p className="hint">{t('quiet.hint')}</p>
      {value.length === 0 && (
        <p className="hint" data-testid="quiet-hours-none">
          {t('quiet.none')}
        </p>
      )}
      {value.map((rule, i) => {
        const acrossMidnight = rule.from > rule.to;
        const firstDay = WEEK_ORDER.find((d) => rule.days.includes(d));
        return (
          <div className="quiet-rule" key={i} data-testid="quiet-rule">
            <div className="quiet-days" role="group" aria-label={t('quiet.days')}>
              {WEEK_ORDER.map((d) => (
                <label key={d} className="day-chip">
                  <input
                    type="checkbox"
                    checked={rule.days.includes(d)}
                    aria-label={long[d]}
                    data-testid={`quiet-day-${d}`}
                    onChange={(e) =>
                      update(i, {
                        ...rule,
                        days: e.target.checked
                          ? [...rule.days, d].sort((a, b) => a - b)
                          : rule.days.filter((x) => x !== d),
                      })
                    }
                  />
                  <span aria-hidden="true">{short[d]}</span>
                </label>
              ))}
            </div>
            <div className="quiet-times">
              <label htmlFor={`${idPrefix}-from-${i}`}>{t('quiet.from')}</label>
              <input
                id={`${idPrefix}-from-${i}`}
                type="time"
                className="input"
                data-testid="quiet-from"
                value={rule.from}
                required
                onChange={(e) => update(i, { ...rule, from: e.target.value })}
              />
              <label htmlFor={`${idPrefix}-to-${i}`}>{t('quiet.to')}</label>
              <input
                id={`${idPrefix}-to-${i}`}
                type="time"
                className="input"
                data-testid="quiet-to"
                value={rule.to}
                required
                onChange={(e) => update(i, { ...rule, to: e.target.value })}
              />
              <button
                type="button"
                className="btn btn-sm btn-danger-quiet"
                data-testid="quiet-remove"
                onClick={() => onChange(value.filter((_, j) => j !== i))}
              >
                {t('quiet.remove')}
              </button>
            </div>
            <p className="hint" data-testid="quiet-explain">
              {rule.days.length === 0
                ? t('quiet.noDays')
                : rule.from === rule.to
                  ? t('quiet.same')
                  : acrossMidnight
                    ? t('quiet.acrossMidnight', {
                        from: rule.from,
                        to: rule.to,
                        day: long[firstDay ?? 0],
                        next: long[((firstDay ?? 0) + 1) % 7],
                      })
                    : t('quiet.sameDay', { from: rule.from, to: rule.to })}
            </p>
          </div>
        );
      })}
      <button
        type="button"
        className="btn btn-sm"
        data-testid="quiet-add"
        disabled={value.length >= 14}
        onClick={() => onChange([...value, NEW_RULE])}
      >
        {t('quiet.add')}
      </button>
    </fieldset>
  );
}
