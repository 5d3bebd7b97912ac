/**
 * What a reply's failure says, by who reads it. A member reads plain words and whom to tell
 * ("…or tell Mum"); the model server's name, address, HTTP status and own message would only
 * confuse them, and are the admin's business — so they are not sent to a member at all, not
 * merely hidden. An admin reads the same plain sentence, with the technical detail beside it
 * (the web app shows it behind "Details").
 */
import type { MessageError } from '#common/conversations';
import type { ModelServerError } from '#server/providers/types';

/** Who will read a failure: an admin (gets the detail) or a member (told whom to ask). */
export type FailureAudience = { role: 'admin' | 'member'; adminName: string | null };

/** "tell Mum" / "tell whoever runs Hearth at home". */
const tell = (audience: FailureAudience) =>
  audience.role === 'admin'
    ? 'check the model server in Admin → Model servers'
    : `tell ${audience.adminName ?? 'whoever runs Hearth at home'}`;

/** The plain sentence for a failure of this kind. */
export function plainFailureMessage(failure: ModelServerError['failure'], audience: FailureAudience): string {
  switch (failure) {
    case 'unreachable':
    case 'timeout':
      return `The family computer that runs the assistant isn’t answering right now. Try again in a minute, or ${tell(audience)}.`;
    case 'stream_cut':
      return `The reply was cut off part way — what arrived is kept. Try again, or ${tell(audience)} if it keeps happening.`;
    case 'http_error':
    case 'bad_response':
      return `The assistant ran into a problem on the family computer. Try again in a minute, or ${tell(audience)}.`;
  }
}

/** The error saved on the reply: plain words for everyone, the technical detail for admins only. */
export function describeFailure(err: ModelServerError, audience: FailureAudience): MessageError {
  const message = plainFailureMessage(err.failure, audience);
  return audience.role === 'admin'
    ? { code: 'model_unavailable', message, detail: err.message }
    : { code: 'model_unavailable', message };
}

/** Nothing to talk to: no model server answers (or none is set up). */
export function noModelMessage(audience: FailureAudience): string {
  return audience.role === 'admin'
    ? 'No model server is reachable. Start LM Studio or Ollama, or check Admin → Model servers, and try again.'
    : `The assistant isn’t available right now. Try again in a minute, or ${tell(audience)}.`;
}
