/** A button that copies text and says so for a moment. */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { copyText } from '#web/lib/clipboard';
import { CheckIcon, CopyIcon } from '#web/lib/icons';

/** Props: the text to copy, the button's label and its data-testid. */
export function CopyButton({ text, label, testId }: { text: string; label?: string; testId?: string }) {
  const { t } = useTranslation();
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => {
    if (state === 'idle') return;
    const timer = setTimeout(() => setState('idle'), 2000);
    return () => clearTimeout(timer);
  }, [state]);
  return (
    <button
      type="button"
      className="btn"
      data-testid={testId}
      onClick={() => void copyText(text).then((ok) => setState(ok ? 'copied' : 'failed'))}
    >
      {state === 'copied' ? <CheckIcon size={16} /> : <CopyIcon size={16} />}
      <span aria-live="polite">
        {state === 'copied' ? t('copied') : state === 'failed' ? t('selectAndCopy') : (label ?? t('copy'))}
      </span>
    </button>
  );
}
