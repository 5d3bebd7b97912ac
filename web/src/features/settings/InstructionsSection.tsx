/**
 * Custom instructions: what the member wants the assistant to know about them or how to answer.
 * They are sent as a separate message after the task's own instructions, never instead of them.
 */
import { useState } from 'react';
import { useUser } from '#web/features/auth/session';
import { errorText } from '#web/lib/errors';
import { SavedNote, Section } from '#web/lib/ui/Section';
import { setCustomInstructions } from './settings';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '#web/lib/ui/format';

/** Most characters the server accepts (common/auth.ts SettingsPatch). */
const MAX = 4000;

/** The "Custom instructions" card of the settings page. */
export function InstructionsSection() {
  const { t } = useTranslation('settings');
  const user = useUser();
  const [text, setText] = useState(user.settings.customInstructions);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const changed = text.trim() !== user.settings.customInstructions;

  const save = (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setSaved(false);
    setCustomInstructions(text)
      .then(() => setSaved(true))
      .catch((err: unknown) => setError(t('couldNotSaveInstructions', { error: errorText(err) })))
      .finally(() => setBusy(false));
  };

  return (
    <Section title={t('instructionsTitle')} description={t('instructionsDescription')} testId="settings-instructions">
      <form onSubmit={save} noValidate>
        <div className="field">
          <label htmlFor="settings-custom-instructions">{t('yourInstructions')}</label>
          <textarea
            id="settings-custom-instructions"
            className="input"
            data-testid="settings-custom-instructions"
            rows={5}
            maxLength={MAX}
            placeholder={t('instructionsPlaceholder')}
            value={text}
            aria-describedby="settings-custom-instructions-hint"
            onChange={(e) => {
              setText(e.target.value);
              setSaved(false);
            }}
          />
          <span id="settings-custom-instructions-hint" className="hint">
            {t('instructionsCount', { length: formatNumber(text.length), max: formatNumber(MAX) })}
          </span>
        </div>
        <div className="form-actions">
          <button
            type="submit"
            className="btn btn-primary"
            data-testid="settings-instructions-save"
            disabled={busy || !changed}
          >
            {busy ? t('common:saving') : t('saveInstructions')}
          </button>
        </div>
        {saved && !error && <SavedNote>{t('instructionsSaved')}</SavedNote>}
        {error && (
          <div className="notice notice-error" role="alert">
            {error}
          </div>
        )}
      </form>
    </Section>
  );
}
