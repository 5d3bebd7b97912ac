/**
 * The tools an assistant reply used: one small closed block per call ("Used get_weather"),
 * "Looking it up…" while the tool runs, and under the disclosure what was asked and answered.
 */
import { useState } from 'react';
import type { ToolCall } from '#common/conversations';
import { ChevronRightIcon } from '#web/lib/icons';
import { useTranslation } from 'react-i18next';

/** Readable JSON (a plain string as it is). */
const pretty = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value, null, 2));

/** One call as the reader sees it. */
function ToolCallItem({ call, streaming }: { call: ToolCall; streaming: boolean }) {
  const { t } = useTranslation('chat');
  const [open, setOpen] = useState(false);
  const running = streaming && call.result === undefined && !call.refused;
  const title = running
    ? t('toolRunning', { name: call.name })
    : call.refused
      ? t('toolRefused', { name: call.name })
      : t('toolUsed', { name: call.name });
  return (
    <div className={`tool-call${open ? ' is-open' : ''}`} data-testid="tool-call">
      <button type="button" className="tool-call-toggle" aria-expanded={open} onClick={() => setOpen(!open)}>
        <ChevronRightIcon size={14} className="thinking-chevron" />
        <span className={running ? 'thinking-live' : undefined}>{title}</span>
      </button>
      {open && (
        <dl className="tool-call-body">
          <dt>{t('toolAsked')}</dt>
          <dd>
            <pre>{pretty(call.arguments)}</pre>
          </dd>
          {call.refused ? (
            <>
              <dt>{t('toolNotDone')}</dt>
              <dd>{call.refused.message}</dd>
            </>
          ) : call.result !== undefined ? (
            <>
              <dt>{t('toolAnswer')}</dt>
              <dd>
                <pre>{pretty(call.result)}</pre>
              </dd>
            </>
          ) : null}
        </dl>
      )}
    </div>
  );
}

/** Props: the reply's tool calls, and whether it is still being written. */
export function ToolCalls({ calls, streaming }: { calls: readonly ToolCall[]; streaming: boolean }) {
  return (
    <div className="tool-calls">
      {calls.map((call) => (
        <ToolCallItem key={call.id} call={call} streaming={streaming} />
      ))}
    </div>
  );
}
