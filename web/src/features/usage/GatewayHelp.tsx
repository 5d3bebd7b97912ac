/**
 * "Use Hearth from other tools": the OpenAI-compatible address of this server and a ready-made
 * example, shown beside the API tokens. The address is this page's own origin + /v1.
 */
import { CopyButton } from '#web/lib/ui/CopyButton';
import { Section } from '#web/lib/ui/Section';
import './usage.css';
import { Trans, useTranslation } from 'react-i18next';

/** The section (no props). */
export function GatewayHelp() {
  const { t } = useTranslation('usage');
  const baseUrl = `${window.location.origin}/v1`;
  const example = `curl ${baseUrl}/chat/completions \\
  -H "Authorization: Bearer $HEARTH_TOKEN" \\
  -H "Content-Type: application/json" \\
  -d '{"model": "<a model id from /v1/models>", "messages": [{"role": "user", "content": "Hello"}]}'`;
  return (
    <Section title={t('gatewayTitle')} description={t('gatewayDescription')} testId="gateway-help">
      <p className="section-note">
        <Trans t={t} i18nKey="gatewaySetUp" components={{ strong: <strong /> }} />
      </p>
      <div className="secret">
        <code data-testid="gateway-base-url">{baseUrl}</code>
        <CopyButton text={baseUrl} testId="gateway-base-url-copy" />
      </div>
      <p className="section-note">
        <Trans t={t} i18nKey="gatewayModels" components={{ code: <code className="code-inline" /> }} />
      </p>
      {/* Focusable: a keyboard can scroll it sideways on a phone. */}
      <pre className="usage-example" tabIndex={0}>
        {example}
      </pre>
    </Section>
  );
}
