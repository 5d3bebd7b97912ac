/** The outcome of a connection test: reachable with N models in X ms, or why not. */
import type { ConnectionTestResult } from '#common/admin';
import { errorText } from '#web/lib/errors';
import { AlertIcon, CheckIcon } from '#web/lib/icons';

type Props = { result?: ConnectionTestResult; error?: unknown; pending?: boolean; testId?: string };

/** Props: the test's result, or its request's error, or pending. */
export function TestResult({ result, error, pending, testId = 'connection-test-result' }: Props) {
  if (pending) {
    return (
      <p className="test-result" role="status" data-testid={testId} data-state="pending">
        <span className="spinner" aria-hidden="true" /> Testing…
      </p>
    );
  }
  if (error) {
    return (
      <p className="test-result test-bad" role="alert" data-testid={testId} data-state="error">
        <AlertIcon size={16} /> Couldn’t run the test: {errorText(error)}
      </p>
    );
  }
  if (!result) return null;
  if (!result.reachable) {
    return (
      <p className="test-result test-bad" role="status" data-testid={testId} data-state="unreachable">
        <AlertIcon size={16} /> Not reachable{result.error ? `: ${result.error}` : ''} ({result.latencyMs} ms)
      </p>
    );
  }
  const shown = result.models.slice(0, 4).join(', ');
  return (
    <p className="test-result test-ok" role="status" data-testid={testId} data-state="reachable">
      <CheckIcon size={16} /> Reachable · {result.modelCount === 1 ? '1 model' : `${result.modelCount} models`} ·{' '}
      {result.latencyMs} ms
      {shown && (
        <span className="test-models">
          {shown}
          {result.modelCount > 4 ? ', …' : ''}
        </span>
      )}
    </p>
  );
}
