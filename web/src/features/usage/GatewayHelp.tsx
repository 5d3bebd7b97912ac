/**
 * "Use Hearth from other tools": the OpenAI-compatible address of this server and a ready-made
 * example, shown beside the API tokens. The address is this page's own origin + /v1.
 */
import { CopyButton } from '#web/lib/ui/CopyButton';
import { Section } from '#web/lib/ui/Section';
import './usage.css';

/** The section (no props). */
export function GatewayHelp() {
  const baseUrl = `${window.location.origin}/v1`;
  const example = `curl ${baseUrl}/chat/completions \\
  -H "Authorization: Bearer $HEARTH_TOKEN" \\
  -H "Content-Type: application/json" \\
  -d '{"model": "<a model id from /v1/models>", "messages": [{"role": "user", "content": "Hello"}]}'`;
  return (
    <Section
      title="Use Hearth from other tools"
      description="Apps and scripts that speak the OpenAI API can use the household’s models through Hearth, with your permissions."
      testId="gateway-help"
    >
      <p className="section-note">
        Set the tool’s <strong>base URL</strong> (or “OpenAI API host”) to this address and its <strong>API key</strong>{' '}
        to one of your tokens above:
      </p>
      <div className="secret">
        <code data-testid="gateway-base-url">{baseUrl}</code>
        <CopyButton text={baseUrl} testId="gateway-base-url-copy" />
      </div>
      <p className="section-note">
        Model names are the ids listed at <code className="code-inline">/v1/models</code>, such as{' '}
        <code className="code-inline">ollama/llama3.2</code>; the plain name works too when only one model server has
        it. Replies count towards your usage.
      </p>
      {/* Focusable: a keyboard can scroll it sideways on a phone. */}
      <pre className="usage-example" tabIndex={0}>
        {example}
      </pre>
    </Section>
  );
}
