/**
 * A model server's `maxConcurrent`: how many replies it writes at once (the rest wait in the
 * fair queue). Editable for every server, configured and auto-detected ones too; empty: no cap.
 */
import { useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { AdminConnection } from '#common/admin';
import { api } from '#web/lib/api';
import { adminErrorText, refreshConnections } from '../admin';

/** The typed value as a cap: null for empty, undefined when it is not one. */
function parseCap(text: string): number | null | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  const n = Number(trimmed);
  return Number.isInteger(n) && n >= 1 && n <= 64 ? n : undefined;
}

/** Props: the server whose cap is edited. */
export function ConcurrencyField({ c }: { c: AdminConnection }) {
  const { t } = useTranslation('queue');
  const [text, setText] = useState(c.maxConcurrent === null ? '' : String(c.maxConcurrent));
  const cap = parseCap(text);
  const save = useMutation({
    mutationFn: (maxConcurrent: number | null) => api.adminUpdateConnection(c.id, { maxConcurrent }),
    onSuccess: () => refreshConnections(),
  });
  const id = `server-max-concurrent-${c.id}`;
  return (
    <div className="names-server">
      <label htmlFor={id}>{t('maxConcurrent')}</label>
      <input
        id={id}
        className="input"
        data-testid="server-max-concurrent"
        inputMode="numeric"
        value={text}
        aria-describedby={`${id}-hint`}
        aria-invalid={cap === undefined}
        onChange={(e) => {
          setText(e.target.value);
          save.reset();
        }}
      />
      <button
        type="button"
        className="btn btn-sm"
        data-testid="server-max-concurrent-save"
        disabled={save.isPending || cap === undefined || cap === c.maxConcurrent}
        onClick={() => cap !== undefined && save.mutate(cap)}
      >
        {t('save')}
      </button>
      {save.isSuccess && (
        <span className="saved-note" role="status">
          {t('saved')}
        </span>
      )}
      {save.error && (
        <span className="notice-error" role="alert">
          {adminErrorText(save.error)}
        </span>
      )}
      <span id={`${id}-hint`} className={cap === undefined ? 'hint hint-strong' : 'hint'}>
        {cap === undefined ? t('maxConcurrentError') : t('maxConcurrentHint')}
      </span>
    </div>
  );
}
