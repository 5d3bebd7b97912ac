/**
 * The tools an assistant reply used: one small closed block per call ("Used get_weather"),
 * "Looking it up…" while the tool runs, and under the disclosure what was asked and answered.
 */
import { useState } from 'react';
import type { ToolCall } from '#common/conversations';
import { ChevronRightIcon } from '#web/lib/icons';

/** Readable JSON (a plain string as it is). */
const pretty = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value, null, 2));

/** One call as the reader sees it. */
function ToolCallItem({ call, streaming }: { call: ToolCall; streaming: boolean }) {
  const [open, setOpen] = useState(false);
  const running = streaming && call.result === undefined && !call.refused;
  const title = running
    ? `Looking it up with ${call.name}…`
    : call.refused
      ? `Could not use ${call.name}`
      : `Used ${call.name}`;
  return (
    <div className={`tool-call${open ? ' is-open' : ''}`} data-testid="tool-call">
      <button type="button" className="tool-call-toggle" aria-expanded={open} onClick={() => setOpen(!open)}>
        <ChevronRightIcon size={14} className="thinking-chevron" />
        <span className={running ? 'thinking-live' : undefined}>{title}</span>
      </button>
      {open && (
        <dl className="tool-call-body">
          <dt>Asked</dt>
          <dd>
            <pre>{pretty(call.arguments)}</pre>
          </dd>
          {call.refused ? (
            <>
              <dt>Not done</dt>
              <dd>{call.refused.message}</dd>
            </>
          ) : call.result !== undefined ? (
            <>
              <dt>Answer</dt>
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
