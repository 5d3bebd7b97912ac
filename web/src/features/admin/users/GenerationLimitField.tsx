/** A member's own limit of replies written at once (the fair queue; 1–16, default 1). */
import { useTranslation } from 'react-i18next';

type Props = { value: number; onChange: (value: number) => void };

/** The choices: 1 to 16. */
const CHOICES = Array.from({ length: 16 }, (_, i) => i + 1);

/** Props: see Props. */
export function GenerationLimitField({ value, onChange }: Props) {
  const { t } = useTranslation('queue');
  return (
    <div className="field">
      <label htmlFor="edit-user-max-generations">{t('maxGenerations')}</label>
      <select
        id="edit-user-max-generations"
        className="input select"
        data-testid="edit-user-max-generations"
        value={value}
        aria-describedby="edit-user-max-generations-hint"
        onChange={(e) => onChange(Number(e.target.value))}
      >
        {CHOICES.map((n) => (
          <option key={n} value={n}>
            {n}
          </option>
        ))}
      </select>
      <span id="edit-user-max-generations-hint" className="hint">
        {t('maxGenerationsHint')}
      </span>
    </div>
  );
}
