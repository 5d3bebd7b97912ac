/**
 * A /v1 chat request as Hearth's provider layer takes it: turns (role + plain text) and sampling
 * options. What Hearth cannot do yet — tool calling, images and other non-text parts, n > 1 —
 * is refused with a 400 that names the parameter, rather than silently answered wrong.
 */
import type { ChatCompletionMessage, ChatCompletionRequest } from '#common/gateway';
import type { ChatTurn, SamplingOptions } from '#server/providers/types';
import { OpenAiError, invalidRequest } from './errors';

const ROLES: Record<string, Exclude<ChatTurn['role'], 'tool'>> = {
  system: 'system',
  // OpenAI's newer name for system instructions (o1 and later); the SDK sends it for some models.
  developer: 'system',
  user: 'user',
  assistant: 'assistant',
};

const noTools = (param: string) =>
  invalidRequest(
    'Tool and function calling are not supported by Hearth yet. Send the request without tools.',
    param,
    'unsupported_parameter',
  );

/** The text of one message's content (array parts joined), or a 400 naming the bad part. */
function textOf(message: ChatCompletionMessage, i: number): string {
  const { content } = message;
  if (content === undefined || content === null) {
    throw invalidRequest(`messages[${i}].content is required.`, `messages[${i}].content`);
  }
  if (typeof content === 'string') return content;
  return content
    .map((part, j) => {
      if (part.type !== 'text' || typeof part.text !== 'string') {
        throw invalidRequest(
          `Only text content parts are supported; messages[${i}].content[${j}] is "${part.type}".`,
          `messages[${i}].content[${j}].type`,
          'unsupported_content',
        );
      }
      return part.text;
    })
    .join('\n');
}

/** The conversation as turns; 400 for tool messages, tool calls or non-text parts; 413 for an over-long message. */
export function toTurns(messages: ChatCompletionMessage[], maxChars: number): ChatTurn[] {
  return messages.map((message, i) => {
    const role = ROLES[message.role];
    if (!role) {
      if (message.role === 'tool' || message.role === 'function') throw noTools(`messages[${i}].role`);
      throw invalidRequest(
        `messages[${i}].role must be one of "system", "developer", "user" or "assistant"; got "${message.role}".`,
        `messages[${i}].role`,
      );
    }
    if (message.tool_calls?.length) throw noTools(`messages[${i}].tool_calls`);
    if (message.function_call !== undefined && message.function_call !== null)
      throw noTools(`messages[${i}].function_call`);
    const content = textOf(message, i);
    if (content.length > maxChars) {
      throw new OpenAiError(
        413,
        `messages[${i}].content is longer than the ${maxChars} characters a message may have.`,
        'invalid_request_error',
        'too_large',
        `messages[${i}].content`,
      );
    }
    return { role, content };
  });
}

/** The request's sampling settings; 400 for what Hearth does not support. */
export function samplingOf(request: ChatCompletionRequest): SamplingOptions {
  if (request.tools?.length) throw noTools('tools');
  if (request.functions?.length) throw noTools('functions');
  if (request.n !== undefined && request.n !== null && request.n !== 1) {
    throw invalidRequest('Only n = 1 is supported: ask again for another reply.', 'n', 'unsupported_parameter');
  }
  const stop = typeof request.stop === 'string' ? [request.stop] : (request.stop ?? undefined);
  return {
    temperature: request.temperature ?? undefined,
    topP: request.top_p ?? undefined,
    maxTokens: request.max_completion_tokens ?? request.max_tokens ?? undefined,
    stop: stop?.length ? stop : undefined,
  };
}
