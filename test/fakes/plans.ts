/**
 * Turns a script into what to write: a StreamPlan for a streaming reply (rendered one token at a
 * time, never all at once) or the body of a non-streaming one, for each of the two APIs.
 */
import { fixtureUnits, isSseFixture } from './fixtures';
import { promptTokenCount, scriptTokens, type FakeScript } from './script';
import { OllamaLines, OpenAiChunks, type FakeUsage } from './wire';

/** A streaming reply: written as pre, token(0..n-1) with pauses, then post (or error). */
export type StreamPlan = {
  contentType: string;
  /** Written right after the headers ('' for nothing). */
  pre: string;
  tokenCount: number;
  token(i: number): string;
  /** Everything after the last token: finish, usage, [DONE] / the done line. */
  post(): string;
  /** The server's mid-stream error event. */
  error(message: string): string;
};

const SSE = 'text/event-stream; charset=utf-8';
const NDJSON = 'application/x-ndjson';

function usageOf(script: FakeScript, body: unknown, thinking: number, answer: number): FakeUsage {
  return script.usage ?? { promptTokens: promptTokenCount(body), completionTokens: thinking + answer, reasoningTokens: thinking };
}

/** A captured stream, one SSE event / NDJSON line per token. */
export function replayPlan(script: FakeScript & { replay: NonNullable<FakeScript['replay']> }): StreamPlan {
  const units = fixtureUnits(script.replay);
  const sse = isSseFixture(script.replay);
  return {
    contentType: sse ? SSE : NDJSON,
    pre: '',
    tokenCount: units.length,
    token: (i) => units[i]!,
    post: () => '',
    error: (message) => (sse ? new OpenAiChunks('openai', '').error(message) : new OllamaLines('').error(message)),
  };
}

/** `POST /v1/chat/completions` with `stream: true`. */
export function openAiPlan(script: FakeScript, model: string, body: Record<string, unknown>): StreamPlan {
  const chunks = new OpenAiChunks(script.flavor ?? 'openai', model);
  const { thinking, answer } = scriptTokens(script);
  const style = script.reasoningStyle ?? 'reasoning';
  const includeUsage = (body.stream_options as { include_usage?: unknown } | undefined)?.include_usage === true;
  // <think> tags travel inside the content: the opening tag, the thinking, the closing tag.
  const tagged = style === 'think-tags' && thinking.length > 0;
  const before = tagged ? thinking.length + 2 : thinking.length;
  return {
    contentType: SSE,
    pre: chunks.role(),
    tokenCount: before + answer.length,
    token(i) {
      if (i >= before) return chunks.content(answer[i - before]!);
      if (!tagged) return chunks.reasoning(style === 'reasoning_content' ? 'reasoning_content' : 'reasoning', thinking[i]!);
      if (i === 0) return chunks.content('<think>');
      if (i === before - 1) return chunks.content('</think>\n\n');
      return chunks.content(thinking[i - 1]!);
    },
    post() {
      const usage = usageOf(script, body, thinking.length, answer.length);
      return chunks.finish() + (includeUsage ? chunks.usage(usage) : '') + chunks.done();
    },
    error: (message) => chunks.error(message),
  };
}

/** `POST /v1/chat/completions` with `stream: false`: the whole chat.completion object. */
export function openAiCompletion(script: FakeScript, model: string, body: Record<string, unknown>): string {
  const chunks = new OpenAiChunks(script.flavor ?? 'openai', model);
  const { thinking, answer } = scriptTokens(script);
  const style = script.reasoningStyle ?? 'reasoning';
  const thought = thinking.join('');
  const usage = usageOf(script, body, thinking.length, answer.length);
  if (style === 'think-tags' && thought) return chunks.completion(`<think>${thought}</think>\n\n${answer.join('')}`, null, usage);
  return chunks.completion(answer.join(''), thought ? { field: style === 'reasoning_content' ? 'reasoning_content' : 'reasoning', text: thought } : null, usage);
}

/** Ollama native `POST /api/chat` streaming (Ollama's default). */
export function ollamaPlan(script: FakeScript, model: string, body: Record<string, unknown>): StreamPlan {
  const lines = new OllamaLines(model);
  const { thinking, answer } = scriptTokens(script);
  const tagged = script.reasoningStyle === 'think-tags' && thinking.length > 0;
  const before = tagged ? thinking.length + 2 : thinking.length;
  return {
    contentType: NDJSON,
    pre: '',
    tokenCount: before + answer.length,
    token(i) {
      if (i >= before) return lines.content(answer[i - before]!);
      if (!tagged) return lines.thinking(thinking[i]!);
      if (i === 0) return lines.content('<think>');
      if (i === before - 1) return lines.content('</think>\n\n');
      return lines.content(thinking[i - 1]!);
    },
    post: () => lines.final(usageOf(script, body, thinking.length, answer.length)),
    error: (message) => lines.error(message),
  };
}

/** Ollama native `POST /api/chat` with `stream: false`: the one done line. */
export function ollamaCompletion(script: FakeScript, model: string, body: Record<string, unknown>): string {
  const lines = new OllamaLines(model);
  const { thinking, answer } = scriptTokens(script);
  const usage = usageOf(script, body, thinking.length, answer.length);
  const thought = thinking.join('');
  if (script.reasoningStyle === 'think-tags' && thought) {
    return lines.final(usage, { content: `<think>${thought}</think>\n\n${answer.join('')}` }).trimEnd();
  }
  return lines.final(usage, { content: answer.join(''), ...(thought ? { thinking: thought } : {}) }).trimEnd();
}
