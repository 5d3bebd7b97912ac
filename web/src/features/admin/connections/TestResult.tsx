/** The outcome of a connection test: reachable with N models in X ms, or why not. */
import { useTranslation } from 'react-i18next';
import type { ConnectionTestResult } from '#common/admin';
import { errorText } from '#web/lib/errors';
import { AlertIcon, CheckIcon } from '#web/lib/icons';

type Props = { result?: ConnectionTestResult; error?: unknown; pending?: boolean; testId?: string };

/** After the first four model names, when there are more. */
const MORE = ', …';

/** Props: the test's result, or its request's error, or pending. */
export function TestResult({ result, error, pending, testId = 'connection-test-result' }: Props) {
  const { t } = useTranslation('connections');
  if (pending) {
    return (
      <p className="test-result" role="status" data-testid={testId} data-state="pending">
        <span className="spinner" aria-hidden="true" /> {t('test.testing')}
      </p>
    );
  }
  if (error) {
    return (
      <p className="test-result test-bad" role="alert" data-testid={testId} data-state="error">
        <AlertIcon size={16} /> {t('test.couldNotRun', { error: errorText(error) })}
      </p>
    );
  }
  if (!result) return null;
  if (!result.reachable) {
    return (
      <p className="test-result test-bad" role="status" data-testid={testId} data-state="unreachable">
        <AlertIcon size={16} />{' '}
        {result.error
          ? t('test.notReachableWhy', { error: result.error, ms: result.latencyMs })
          : t('test.notReachable', { ms: result.latencyMs })}
      </p>
    );
  }
  const shown = result.models.slice(0, 4).join(', ');
  return (
    <p className="test-result test-ok" role="status" data-testid={testId} data-state="reachable">
      <CheckIcon size={16} /> {t('test.reachable', { count: result.modelCount, ms: result.latencyMs })}
      {shown && (
        <span className="test-models">
          {shown}
          {result.modelCount > 4 && MORE}
        </span>
      )}
    </p>
  );
}
