/**
 * Turns a script into what to write: a StreamPlan for a streaming reply (rendered one token at a
 * time, never all at once) or the body of a non-streaming one, for each of the two APIs.
 */
import { fixtureUnits, isSseFixture } from './fixtures';
import { promptTokenCount, scriptTokens, type FakeScript, type FakeToolCall } from './script';
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
  return (
    script.usage ?? {
      promptTokens: promptTokenCount(body),
      completionTokens: thinking + answer,
      reasoningTokens: thinking,
    }
  );
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

/** How many characters of arguments text one piece carries (OpenAI's are a token or two). */
const ARGUMENT_PIECE = 5;

/** A call's arguments as JSON text. */
const argumentsText = (call: FakeToolCall) =>
  typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments);

/** The pieces of a reply's tool calls on the OpenAI API: each call's start, then its arguments in fragments. */
function openAiToolPieces(chunks: OpenAiChunks, calls: readonly FakeToolCall[]): string[] {
  const pieces: string[] = [];
  calls.forEach((call, index) => {
    pieces.push(
      chunks.toolCallStart(index, call.id ?? `call_fake${index}${Math.random().toString(36).slice(2, 10)}`, call.name),
    );
    const text = argumentsText(call);
    for (let i = 0; i < text.length; i += ARGUMENT_PIECE)
      pieces.push(chunks.toolCallArguments(index, text.slice(i, i + ARGUMENT_PIECE)));
  });
  return pieces;
}

/** Ollama sends arguments as an object; a script's text is parsed (the fake cannot send bad JSON there). */
const ollamaToolCall = (call: FakeToolCall) => ({
  name: call.name,
  arguments:
    typeof call.arguments === 'string' ? (JSON.parse(call.arguments) as Record<string, unknown>) : call.arguments,
});

/** `POST /v1/chat/completions` with `stream: true`. */
export function openAiPlan(script: FakeScript, model: string, body: Record<string, unknown>): StreamPlan {
  const chunks = new OpenAiChunks(script.flavor ?? 'openai', model);
  const toolPieces = script.toolCalls ? openAiToolPieces(chunks, script.toolCalls) : [];
  const { thinking, answer } = scriptTokens(script);
  const style = script.reasoningStyle ?? 'reasoning';
  const includeUsage = (body.stream_options as { include_usage?: unknown } | undefined)?.include_usage === true;
  // <think> tags travel inside the content: the opening tag, the thinking, the closing tag.
  const tagged = style === 'think-tags' && thinking.length > 0;
  const before = tagged ? thinking.length + 2 : thinking.length;
  const texts = before + answer.length;
  return {
    contentType: SSE,
    pre: chunks.role(toolPieces.length > 0 && texts === 0),
    tokenCount: texts + toolPieces.length,
    token(i) {
      if (i >= texts) return toolPieces[i - texts]!;
      if (i >= before) return chunks.content(answer[i - before]!);
      if (!tagged)
        return chunks.reasoning(style === 'reasoning_content' ? 'reasoning_content' : 'reasoning', thinking[i]!);
      if (i === 0) return chunks.content('<think>');
      if (i === before - 1) return chunks.content('</think>\n\n');
      return chunks.content(thinking[i - 1]!);
    },
    post() {
      const usage = usageOf(script, body, thinking.length, answer.length);
      return (
        chunks.finish(toolPieces.length > 0 ? 'tool_calls' : 'stop') +
        (includeUsage ? chunks.usage(usage) : '') +
        chunks.done()
      );
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
  if (style === 'think-tags' && thought)
    return chunks.completion(`<think>${thought}</think>\n\n${answer.join('')}`, null, usage);
  return chunks.completion(
    answer.join(''),
    thought ? { field: style === 'reasoning_content' ? 'reasoning_content' : 'reasoning', text: thought } : null,
    usage,
  );
}

/** Ollama native `POST /api/chat` streaming (Ollama's default). */
export function ollamaPlan(script: FakeScript, model: string, body: Record<string, unknown>): StreamPlan {
  const lines = new OllamaLines(model);
  const { thinking, answer } = scriptTokens(script);
  const tagged = script.reasoningStyle === 'think-tags' && thinking.length > 0;
  const before = tagged ? thinking.length + 2 : thinking.length;
  const texts = before + answer.length;
  // All of a reply's calls come in one line, as Ollama parses them out of the model's output.
  const toolCalls = script.toolCalls?.map(ollamaToolCall);
  return {
    contentType: NDJSON,
    pre: '',
    tokenCount: texts + (toolCalls ? 1 : 0),
    token(i) {
      if (i >= texts) return lines.toolCalls(toolCalls!);
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
