/**
 * What the model picker's button shows and is called: the model, and the server it runs on. The
 * button is named by these words themselves (no aria-label), so what a screen reader says and
 * what a voice-control user reads on the button agree (axe: label-content-name-mismatch).
 */
import { useTranslation } from 'react-i18next';

/** Props: the model's shown name (or the picker's state), and its server's name when one is chosen. */
export function ModelPickerName({ label, server }: { label: string; server?: string }) {
  const { t } = useTranslation('a11y');
  return (
    <>
      <span className="sr-only">{t('modelPicker.prefix')} </span>
      <span className="model-trigger-name">{label}</span>
      {server && (
        <span className="model-trigger-server">
          <span className="sr-only">{t('modelPicker.on')} </span>
          {server}
        </span>
      )}
    </>
  );
}
